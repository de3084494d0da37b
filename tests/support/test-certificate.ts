import { generate } from 'selfsigned';

/**
 * A throwaway self-signed certificate for 127.0.0.1, made when a test starts (never committed): for
 * simulators that must speak https (B24Hook refuses plain http). Trust it through an agent's `ca`.
 */
export async function makeTestCertificate(): Promise<{ key: string; cert: string }> {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    notAfterDate: new Date(Date.now() + 86_400_000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  return { key: pems.private, cert: pems.cert };
}
