import { randomBytes } from 'node:crypto';
import { createSecretBox } from '@/lib/crypto/secret-box';

/** Job services for tests that run workers: a fresh key, loopback allowed for the simulators. */
export const testJobServices = () => ({ secrets: createSecretBox(randomBytes(32)), allowHttpLoopback: true });
