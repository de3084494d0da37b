import { sortKeys } from './catalog-store';
import type { JsonObject } from './types';

/**
 * The booking module's model ("Онлайн-запись", booking.v1.*): resource types, resources with
 * their notification settings, each resource's slots (working hours), bookings with their
 * clients and external data (the CRM deal). Wire shapes are built here because the module
 * answers with keys of its own: the lists' resources say `confirmationNotificationDelay` for the
 * `confirmationDelay` they were given (resource/booking-v1-resource-list.md), keys in
 * alphabetical order as the docs' examples show them.
 */

export const TEMPLATE_TYPES = ['inanimate', 'animate'] as const;
export const WEEK_DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** What a resource (and a resource type) says about notifying the client. */
export interface NotificationSettings {
  isInfoNotificationOn: 'Y' | 'N';
  templateTypeInfo: string;
  isConfirmationNotificationOn: 'Y' | 'N';
  templateTypeConfirmation: string;
  isReminderNotificationOn: 'Y' | 'N';
  templateTypeReminder: string;
  isFeedbackNotificationOn: 'Y' | 'N';
  templateTypeFeedback: string;
  isDelayedNotificationOn: 'Y' | 'N';
  templateTypeDelayed: string;
  /** Seconds; null: never set (the examples answer null). */
  infoDelay: number | null;
  reminderDelay: number;
  delayedDelay: number;
  delayedCounterDelay: number;
  confirmationDelay: number;
  confirmationRepetitions: number | null;
  confirmationRepetitionsInterval: number;
  confirmationCounterDelay: number;
}

/** The documented defaults (booking-v1-resource-add.md), `null` where the examples read null back. */
export const DEFAULT_NOTIFICATIONS: NotificationSettings = {
  isInfoNotificationOn: 'Y',
  templateTypeInfo: 'inanimate',
  isConfirmationNotificationOn: 'Y',
  templateTypeConfirmation: 'inanimate',
  isReminderNotificationOn: 'Y',
  templateTypeReminder: 'base',
  isFeedbackNotificationOn: 'Y',
  templateTypeFeedback: 'inanimate',
  isDelayedNotificationOn: 'Y',
  templateTypeDelayed: 'inanimate',
  infoDelay: null,
  reminderDelay: -1,
  delayedDelay: 300,
  delayedCounterDelay: 7200,
  confirmationDelay: 86400,
  confirmationRepetitions: null,
  confirmationRepetitionsInterval: 0,
  confirmationCounterDelay: 7200,
};

export interface ResourceTypeRecord {
  id: number;
  code: string;
  name: string;
  moduleId: string;
  settings: NotificationSettings;
}

export interface ResourceRecord {
  id: number;
  typeId: number;
  name: string;
  description: string | null;
  isMain: 'Y' | 'N';
  settings: NotificationSettings;
}

export interface SlotRecord {
  id: number;
  /** Minutes of the day, 0–1440. */
  from: number;
  to: number;
  timezone: string;
  weekDays: string[];
  slotSize: number;
}

export interface BookingMoment {
  /** Unix seconds. */
  timestamp: number;
  timezone: string;
}

export interface BookingClient {
  id: number;
  module: string;
  code: string;
}

export interface BookingExternalData {
  moduleId: string;
  entityTypeId: string;
  value: string;
}

export interface BookingRecord {
  id: number;
  name: string;
  description: string | null;
  resourceIds: number[];
  from: BookingMoment;
  to: BookingMoment;
  clients: BookingClient[];
  externalData: BookingExternalData[];
}

/** The delays as the list and get answers name them. */
function settingsWire(s: NotificationSettings): JsonObject {
  return {
    confirmationCounterDelay: s.confirmationCounterDelay,
    confirmationNotificationDelay: s.confirmationDelay,
    confirmationNotificationRepetitions: s.confirmationRepetitions,
    confirmationNotificationRepetitionsInterval: s.confirmationRepetitionsInterval,
    delayedCounterDelay: s.delayedCounterDelay,
    delayedNotificationDelay: s.delayedDelay,
    infoNotificationDelay: s.infoDelay,
    isConfirmationNotificationOn: s.isConfirmationNotificationOn,
    isDelayedNotificationOn: s.isDelayedNotificationOn,
    isFeedbackNotificationOn: s.isFeedbackNotificationOn,
    isReminderNotificationOn: s.isReminderNotificationOn,
    reminderNotificationDelay: s.reminderDelay,
    templateTypeConfirmation: s.templateTypeConfirmation,
    templateTypeDelayed: s.templateTypeDelayed,
    templateTypeFeedback: s.templateTypeFeedback,
    templateTypeReminder: s.templateTypeReminder,
  };
}

/** resourceType.list: no isInfoNotificationOn / templateTypeInfo (booking-v1-resourcetype-list.md). */
export function resourceTypeWire(t: ResourceTypeRecord): JsonObject {
  return sortKeys({ ...settingsWire(t.settings), code: t.code, id: t.id, name: t.name });
}

export function resourceWire(r: ResourceRecord): JsonObject {
  return sortKeys({
    ...settingsWire(r.settings),
    description: r.description,
    id: r.id,
    isInfoNotificationOn: r.settings.isInfoNotificationOn,
    isMain: r.isMain,
    name: r.name,
    templateTypeInfo: r.settings.templateTypeInfo,
    typeId: r.typeId,
  });
}

export function slotWire(s: SlotRecord): JsonObject {
  return sortKeys({ ...s, weekDays: [...s.weekDays] });
}

export function bookingWire(b: BookingRecord): JsonObject {
  return {
    datePeriod: { from: { ...b.from }, to: { ...b.to } },
    description: b.description,
    id: b.id,
    name: b.name,
    resourceIds: [...b.resourceIds],
  };
}

export class BookingStore {
  readonly resourceTypes = new Map<number, ResourceTypeRecord>();
  readonly resources = new Map<number, ResourceRecord>();
  /** By resource id; slots.set replaces a resource's whole list. */
  readonly slots = new Map<number, SlotRecord[]>();
  readonly bookings = new Map<number, BookingRecord>();
  private nextTypeId = 1;
  private nextResourceId = 1;
  private nextSlotId = 1;
  private nextBookingId = 1;

  addResourceType(input: Omit<ResourceTypeRecord, 'id'>): ResourceTypeRecord {
    const record = { ...input, id: this.nextTypeId++ };
    this.resourceTypes.set(record.id, record);
    return record;
  }

  addResource(input: Omit<ResourceRecord, 'id'>): ResourceRecord {
    const record = { ...input, id: this.nextResourceId++ };
    this.resources.set(record.id, record);
    return record;
  }

  deleteResource(id: number): void {
    this.resources.delete(id);
    this.slots.delete(id);
  }

  setSlots(resourceId: number, slots: Omit<SlotRecord, 'id'>[]): void {
    this.slots.set(
      resourceId,
      slots.map((s) => ({ ...s, id: this.nextSlotId++ })),
    );
  }

  addBooking(input: Omit<BookingRecord, 'id' | 'clients' | 'externalData'>): BookingRecord {
    const record: BookingRecord = { ...input, id: this.nextBookingId++, clients: [], externalData: [] };
    this.bookings.set(record.id, record);
    return record;
  }
}
