import type { JournalDictionary } from './journal-dictionary';

/**
 * The shape every language's dictionary must have: `ru.ts` and `en.ts` are both typed as `Dictionary`,
 * so a key missing from either one is a type error. Texts that embed the app's URL are functions.
 */

export const FEATURE_KEYS = [
  'products',
  'clients',
  'transactions',
  'bookings',
  'preorders',
  'mailings',
  'bonuses',
  'settings',
] as const;
export type FeatureKey = (typeof FEATURE_KEYS)[number];

export const TENANT_KINDS = ['bitrix24', 'bitrix24_webhook', 'amocrm'] as const;
export type TenantKind = (typeof TENANT_KINDS)[number];

/** One step of a "how to connect" list: a sentence, then values to copy (URLs, variable names). */
export interface Step {
  text: string;
  values?: readonly string[];
}

export interface CrmGuide {
  title: string;
  summary: string;
  steps: (appUrl: string) => readonly Step[];
  guideLink: string;
}

export interface Dictionary {
  meta: { description: string };
  shell: {
    skipToContent: string;
    brand: string;
    navLabel: string;
    nav: { bitrix24: string; amocrm: string; sandbox: string };
    footer: string;
    healthLink: string;
  };
  hero: {
    eyebrow: string;
    title: string;
    lead: string;
    detail: string;
    openSandbox: string;
    howToConnect: string;
  };
  diagram: {
    label: string;
    lime: string;
    limeNote: string;
    app: string;
    appNote: string;
    bitrix24: string;
    amocrm: string;
    crmNote: string;
    toCrm: string;
    toLime: string;
  };
  features: {
    title: string;
    items: Record<FeatureKey, { title: string; text: string }>;
  };
  status: {
    title: string;
    connections: string;
    counts: Record<TenantKind, { label: string; hint: string }>;
    needsReinstall: string;
    environment: string;
    database: string;
    databaseValues: { pglite: string; postgres: string };
    worker: string;
    workerValues: { inline: string; off: string };
    bitrix24Credentials: string;
    amocrmCredentials: string;
    configured: string;
    notConfigured: string;
    sandbox: string;
    on: string;
    off: string;
    appUrl: string;
  };
  connect: {
    title: string;
    bitrix24: CrmGuide;
    amocrm: CrmGuide;
  };
  sandbox: {
    title: string;
    onText: string;
    offText: string;
    open: string;
    /** What to try there: the walk the README describes. */
    tryIt: string;
  };
  sandboxPage: {
    title: string;
    intro: string;
    counts: { goods: string; clients: string; transactions: string; events: string };
    parkEvents: string;
    recent: string;
    empty: string;
    columns: { time: string; client: string; kind: string; lines: string; total: string };
    kinds: Record<'purchase' | 'deposit_topup' | 'pass' | 'bonus_accrual' | 'refund', string>;
    actions: { title: string; buy: string; pass: string; edit: string };
    bitrix24: { title: string; intro: string; settings: string; contacts: string; deals: string };
    amocrm: {
      title: string;
      intro: string;
      contacts: string;
      leads: string;
      contactsList: string;
      leadsList: string;
      settings: string;
    };
    lime: {
      title: string;
      intro: string;
      preorders: string;
      credits: string;
      none: string;
      fromCrm: string;
      inLime: string;
      forDeal: (system: string, id: string) => string;
      balanceAfter: string;
      statuses: Record<'new' | 'confirmed' | 'paid' | 'completed' | 'cancelled', string>;
      reasons: Record<'manual' | 'mass' | 'birthday' | 'child_birthday' | 'campaign' | 'nps', string>;
    };
  };
  docs: {
    breadcrumbLabel: string;
    guides: string;
    home: string;
  };
  bitrix24Install: {
    title: string;
    finishing: string;
    done: string;
    retrying: string;
    outsideBitrix24: string;
    failed: string;
  };
  limeCard: {
    loading: string;
    noClientTitle: string;
    noClientText: string;
    phone: string;
    email: string;
    birthDate: string;
    cards: string;
    lastVisit: string;
    never: string;
    children: string;
    noChildren: string;
    years: (n: number) => string;
    balances: string;
    deposit: string;
    bonus: string;
    bonusUntil: string;
    noBalances: string;
    transactions: string;
    noTransactions: string;
    kinds: Record<'purchase' | 'deposit_topup' | 'pass' | 'bonus_accrual' | 'refund', string>;
    errorTitle: string;
    noSession: string;
    category: { adult: string; child: string };
    dealFromLime: string;
    openContact: string;
    dealWithoutContact: string;
  };
  /** "Open in a new tab": the frame's button, the tab's sign-in page and the settings without a session. */
  tab: {
    open: string;
    opening: string;
    blocked: string;
    linkInvalid: string;
    signedOut: string;
  };
  settingsPage: {
    title: string;
    readOnly: string;
    send: {
      title: string;
      intro: string;
      label: string;
      button: string;
      sending: string;
      queued: (name: string) => string;
      linked: (name: string, contactId: string) => string;
    };
    limeTitle: string;
    limeIntro: string;
    baseUrl: string;
    authMode: string;
    authToken: string;
    authPassword: string;
    token: string;
    login: string;
    password: string;
    keepSecret: string;
    installationId: string;
    cashdeskId: string;
    processingId: string;
    apiUserId: string;
    depositGoodTypeId: string;
    bonusGoodTypeId: string;
    timeZone: string;
    allowHttp: string;
    webhookUrl: string;
    saveConnection: string;
    testConnection: string;
    testing: string;
    testOk: string;
    testFailed: string;
    flowsTitle: string;
    flows: { purchase: string; depositTopup: string; pass: string; booking: string };
    passMode: { deal: string; timeline: string };
    /** The stage of the booking pipeline for each Lime pre-order status. */
    preorderStages: {
      title: string;
      intro: string;
      status: { new: string; confirmed: string; paid: string; completed: string; cancelled: string };
      byDefault: string;
    };
    notSynced: string;
    pipeline: string;
    stage: string;
    responsible: string;
    nobody: string;
    pickUser: string;
    newClientsAsLeads: string;
    allowHttpPortal: string;
    save: string;
    saving: string;
    saved: string;
  };
  webhookConnect: {
    title: string;
    intro: string;
    inboundUrl: string;
    inboundHint: string;
    applicationToken: string;
    applicationTokenHint: string;
    connect: string;
    connecting: string;
    connected: string;
    hookUrl: string;
    hookHint: string;
    openSettings: string;
  };
  journal: JournalDictionary;
  bitrix24Reinstall: { title: string; text: string };
  amocrmConnected: { title: string; text: string };
  selection: {
    loading: string;
    title: (count: number, type: 'contact' | 'lead') => string;
    matched: (matched: number, total: number) => string;
    missing: (count: number) => string;
    contact: string;
    lead: string;
    client: string;
    bonus: string;
    deposit: string;
    lastVisit: string;
    children: string;
    notInLime: string;
    noContact: string;
    never: string;
    errorTitle: string;
    noSession: string;
  };
  notFound: {
    title: string;
    text: string;
    home: string;
  };
}
