import { AutomationStore } from './automation-store';
import { BizprocStore } from './bizproc-store';
import { BookingStore } from './booking-store';
import { CatalogStore } from './catalog-store';
import { CrmStore, type CrmStoreDeps } from './crm-store';
import type { IdSource } from './ids';
import { OfflineQueue } from './offline-queue';
import { TokenStore } from './tokens';
import type { AppRegistration, DeliveryRecord, EventBinding, PlacementBinding, SimUser } from './types';
import { UserFields } from './user-fields';
import { zoneFor } from './wire-time';

/**
 * Everything one simulated portal knows: who it is (domain, member_id, endpoints), our app's
 * registration and installation (installed, installFinished, application_token), its users,
 * the app's event bindings and placements, the offline queue, the CRM, the user fields, the
 * authorization server's tokens, inbound webhooks, and a log of what the portal POSTed to us.
 */

/** The scopes our app is registered with unless a test says otherwise (docs/bitrix24.md §1). */
export const APP_SCOPE = ['crm', 'placement', 'user_brief'];

/** One comment of crm.timeline.comment.add. */
/** A crm.timeline.logmessage.add entry: camelCase, as its answer shows it. */
export interface TimelineLogMessage {
  id: number;
  entityTypeId: number;
  entityId: number;
  title: string;
  text: string;
  iconCode: string;
  authorId: number;
  created: string;
}

/** A to-do of crm.activity.todo.add: the owner, what the timeline shows, and when it is due. */
export interface TodoActivity {
  id: number;
  ownerTypeId: number;
  ownerId: number;
  title: string;
  description: string;
  /** ISO 8601 in the portal's zone. */
  deadline: string;
  responsibleId: number;
  authorId: number;
  parentActivityId: number | null;
  /** Minutes before the deadline. */
  pingOffsets: number[];
  colorId: string | null;
  completed: boolean;
  /** ISO 8601 in the portal's zone. */
  created: string;
}

export interface TimelineComment {
  ID: number;
  /** The owner's id. */
  ENTITY_ID: number;
  /** Lower-case owner type as the timeline lists it: 'contact', 'deal'. */
  ENTITY_TYPE: string;
  COMMENT: string;
  AUTHOR_ID: number;
  /** ISO 8601 in the portal's zone. */
  CREATED: string;
}

export interface PortalIdentity {
  memberId: string;
  domain: string;
  portalUrl: string;
  clientEndpoint: string;
  oauthUrl: string;
  serverEndpoint: string;
  oauthDomain: string;
  https: boolean;
}

export interface InboundWebhook {
  userId: number;
  secret: string;
  scope: string[];
}

export interface PortalStateOptions {
  ids: IdSource;
  now: () => Date;
  app: AppRegistration;
  memberId: string;
  region: 'ru' | 'com';
  accessTokenTtlSeconds: number;
  onCrmChange: CrmStoreDeps['onChange'];
  bookingModule: boolean;
}

export class PortalState {
  readonly identity: PortalIdentity;
  readonly app: AppRegistration;
  readonly region: 'ru' | 'com';
  readonly lang: string;
  readonly zone: string;
  readonly ids: IdSource;
  readonly now: () => Date;
  /** The app's local id on the portal (app.info ID). */
  readonly appLocalId = 7;
  installed = false;
  installFinished = false;
  applicationToken = '';
  refreshCount = 0;
  readonly users = new Map<number, SimUser>();
  readonly eventBindings: EventBinding[] = [];
  readonly placements: PlacementBinding[] = [];
  readonly deliveries: DeliveryRecord[] = [];
  readonly webhooks: InboundWebhook[] = [];
  readonly tokens: TokenStore;
  readonly userFields = new UserFields();
  readonly offline: OfflineQueue;
  readonly crm: CrmStore;
  readonly catalog: CatalogStore;
  /** The booking module (booking.v1.*); absent on a portal without it (`bookingModule` false). */
  readonly booking = new BookingStore();
  bookingModule: boolean;
  /** The app's robots and workflow actions, and their runs (bizproc.*). */
  readonly bizproc: BizprocStore;
  /** The app's automation triggers and their executions; business-process templates and starts. */
  readonly automation = new AutomationStore();
  readonly timelineComments: TimelineComment[] = [];
  readonly timelineLogMessages: TimelineLogMessage[] = [];
  readonly todoActivities: TodoActivity[] = [];
  /** App options (BX24.appOption) and per-user options (BX24.userOption), set from frames. */
  readonly appOptions: Record<string, string> = {};
  readonly userOptions = new Map<number, Record<string, string>>();
  /** Users who have opened the app once (the frame's setInstall): FIRST_RUN is false for them. */
  readonly firstRunDone = new Set<number>();
  private nextBindingId = 1;
  private nextPlacementId = 1;
  private nextCommentId = 1;
  private nextActivityId = 1;

  constructor(options: PortalStateOptions) {
    this.ids = options.ids;
    this.now = options.now;
    this.app = options.app;
    this.region = options.region;
    this.bookingModule = options.bookingModule;
    this.lang = options.region === 'ru' ? 'ru' : 'en';
    this.zone = zoneFor(options.region);
    this.identity = {
      memberId: options.memberId,
      domain: '',
      portalUrl: '',
      clientEndpoint: '',
      oauthUrl: '',
      serverEndpoint: '',
      oauthDomain: '',
      https: false,
    };
    this.tokens = new TokenStore(options.ids, options.now, options.accessTokenTtlSeconds);
    this.offline = new OfflineQueue(options.ids, options.now, this.zone);
    this.crm = new CrmStore({
      now: options.now,
      zone: this.zone,
      region: options.region,
      userFields: this.userFields,
      onChange: options.onCrmChange,
    });
    this.catalog = new CatalogStore({ now: options.now, region: options.region });
    this.bizproc = new BizprocStore(options.ids);
    // The admin who installs the app (1), two managers and a dismissed one.
    const ru = options.region === 'ru';
    this.addUser({
      admin: true,
      name: ru ? 'Анна Смирнова' : 'Anna Smith',
      position: ru ? 'Директор' : 'Director',
    });
    this.addUser({
      admin: false,
      name: ru ? 'Игорь Петров' : 'Igor Petrov',
      position: ru ? 'Менеджер' : 'Manager',
    });
    this.addUser({
      admin: false,
      name: ru ? 'Мария Козлова' : 'Maria Kozlova',
      position: ru ? 'Менеджер' : 'Manager',
    });
    this.addUser({ admin: false, name: ru ? 'Олег Сидоров' : 'Oleg Sidorov', active: false });
  }

  addUser(input: { admin: boolean; name?: string; active?: boolean; position?: string }): number {
    const id = this.users.size + 1;
    const [first = `User${id}`, ...rest] = (input.name ?? `User ${id}`).split(' ');
    this.users.set(id, {
      id,
      name: first,
      lastName: rest.join(' '),
      email: `user${id}@portal.example`,
      admin: input.admin,
      active: input.active ?? true,
      position: input.position ?? '',
    });
    return id;
  }

  commentId(): number {
    return this.nextCommentId++;
  }

  activityId(): number {
    return this.nextActivityId++;
  }

  user(id: number): SimUser {
    const user = this.users.get(id);
    if (!user) throw new Error(`no user ${id} on the simulated portal`);
    return user;
  }

  bindingId(): number {
    return this.nextBindingId++;
  }

  placementId(): number {
    return this.nextPlacementId++;
  }

  /** `<lang>_<plan>`: pro100 has auth_connector and confirmed offline reads (clear=0). */
  license(): string {
    return `${this.lang}_pro100`;
  }
}
