/**
 * Target systems. Jobs for one tenant and one target run in a serial lane; lanes of different
 * tenants (or targets) run in parallel.
 */
export const TARGETS = ['bitrix24', 'amocrm', 'lime'] as const;
export type Target = (typeof TARGETS)[number];

export const laneQueueName = (target: Target) => `lane-${target}`;
export const DEAD_LETTER_QUEUE = 'dead-letter';
export const MAINTENANCE_QUEUE = 'maintenance';
