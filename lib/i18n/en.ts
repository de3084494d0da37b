import type { Dictionary } from './dictionary';

export const en: Dictionary = {
  meta: {
    description:
      'Connects Lime, the system that runs family entertainment centres and parks, with Bitrix24 and amoCRM.',
  },
  shell: {
    skipToContent: 'Skip to content',
    brand: 'Lime ↔ CRM',
    navLabel: 'Main',
    nav: { bitrix24: 'Bitrix24', amocrm: 'amoCRM', sandbox: 'Sandbox' },
    footer: 'Lime ↔ CRM connects Lime with Bitrix24 and amoCRM.',
    healthLink: 'Server health',
  },
  hero: {
    eyebrow: 'An app for Bitrix24 and amoCRM',
    title: 'Lime ↔ CRM',
    lead: 'Connects Lime, the system that runs family entertainment centres and parks, with Bitrix24 and amoCRM. Managers keep working in their CRM and see Lime’s clients, purchases and bookings right in deal and contact cards.',
    detail:
      'Data moves in the background and both sides stay in step: no duplicates, no endless echo of updates.',
    openSandbox: 'Open the sandbox',
    howToConnect: 'How to connect',
  },
  diagram: {
    label: 'Diagram: Lime exchanges data with this app, and the app with Bitrix24 and amoCRM.',
    lime: 'Lime',
    limeNote: 'cash desks, turnstiles, client cards',
    app: 'Lime ↔ CRM',
    appNote: 'sync, queue, journal',
    bitrix24: 'Bitrix24',
    amocrm: 'amoCRM',
    crmNote: 'deals, contacts, card widgets',
    toCrm: 'goods, clients, purchases, pre-orders',
    toLime: 'edits, bookings, bonuses',
  },
  features: {
    title: 'What it does',
    items: {
      products: { title: 'Products', text: 'Lime goods go to the CRM catalog and stay current.' },
      clients: {
        title: 'Clients and children',
        text: 'A Lime client becomes a CRM contact with the children’s names and birthdays; edits flow both ways.',
      },
      transactions: {
        title: 'Purchases as deals',
        text: 'One deal per check, every line a product row, in the pipeline you choose; the last 10 in the contact card.',
      },
      bookings: {
        title: 'Halls and staff',
        text: 'Book halls and staff; nobody and nothing is booked twice for overlapping times.',
      },
      preorders: {
        title: 'Pre-orders',
        text: 'Products in a booking become a Lime pre-order; Lime pre-orders come back as deals.',
      },
      mailings: {
        title: 'Mailings',
        text: 'Birthdays of clients and children, NPS after a deal stage, win-back after a pause, manual lists.',
      },
      bonuses: {
        title: 'Bonuses',
        text: 'From the card, in bulk over a list, or on birthdays; never twice for the same reason.',
      },
      settings: {
        title: 'Settings and journal',
        text: 'Pipelines and stages, the responsible user, a sync journal with retry, an import with progress.',
      },
    },
  },
  status: {
    title: 'Connected now',
    connections: 'Connections',
    counts: {
      bitrix24: { label: 'Bitrix24 portals', hint: 'Market app installed' },
      bitrix24_webhook: { label: 'Bitrix24 by webhook', hint: 'portals without the app' },
      amocrm: { label: 'amoCRM accounts', hint: 'integration installed' },
    },
    needsReinstall: 'Waiting for the app to be installed again',
    environment: 'This server',
    database: 'Database',
    databaseValues: { pglite: 'PGlite (embedded)', postgres: 'PostgreSQL' },
    worker: 'Background jobs',
    workerValues: { inline: 'inline, in this process', off: 'separate process' },
    bitrix24Credentials: 'Bitrix24 app keys',
    amocrmCredentials: 'amoCRM integration keys',
    configured: 'configured',
    notConfigured: 'not configured',
    sandbox: 'Sandbox',
    on: 'on',
    off: 'off',
    appUrl: 'Public address',
  },
  connect: {
    title: 'How to connect',
    bitrix24: {
      title: 'Bitrix24',
      summary: 'A Market app that opens in deal and contact cards.',
      steps: (appUrl) => [
        {
          text: 'Register the app in the Bitrix24 vendor console (or as a local app on your portal) with the scopes crm, placement and user_brief, and put its keys into the environment:',
          values: ['B24_CLIENT_ID', 'B24_CLIENT_SECRET'],
        },
        {
          text: 'Give Bitrix24 the handler addresses: installer, application and events:',
          values: [
            `${appUrl}/api/bitrix24/install`,
            `${appUrl}/api/bitrix24/app`,
            `${appUrl}/api/bitrix24/events`,
          ],
        },
        {
          text: 'Install the app on the portal: it shows up under “Connected now”. A portal that cannot install apps connects with an inbound and an outbound webhook instead.',
        },
      ],
      guideLink: 'Bitrix24 guide',
    },
    amocrm: {
      title: 'amoCRM',
      summary: 'An external integration with a widget in the card.',
      steps: (appUrl) => [
        {
          text: 'Create an integration in amoMarket with this redirect URI and disconnect hook:',
          values: [`${appUrl}/api/amocrm/oauth/callback`, `${appUrl}/api/amocrm/oauth/disconnect`],
        },
        {
          text: 'Put its keys into the environment, build the widget and upload the zip to the integration:',
          values: ['AMOCRM_CLIENT_ID', 'AMOCRM_CLIENT_SECRET', 'npm run widget:build'],
        },
        { text: 'Install the integration in the account: it shows up under “Connected now”.' },
      ],
      guideLink: 'amoCRM guide',
    },
  },
  sandbox: {
    title: 'Sandbox',
    onText:
      'The sandbox is on: simulated Lime, Bitrix24 and amoCRM run next to the app, so every flow can be tried without real accounts. It is on by default while no CRM keys are configured; SANDBOX=off turns it off.',
    offText:
      'The sandbox is off: CRM keys are configured or SANDBOX=off is set. Set SANDBOX=on to run the simulators.',
    open: 'Open the sandbox',
    pending:
      'Today the sandbox runs a simulated Lime park and shows its data flowing in; the Bitrix24 and amoCRM simulators join with their integrations.',
  },
  sandboxPage: {
    title: 'Sandbox: a park in Lime',
    intro:
      'A simulated Lime park, “Kidburg”, runs next to the app. Its events arrive by webhook and through the change feed and land in the local mirror, each exactly once. This page refreshes itself.',
    counts: {
      goods: 'Goods',
      clients: 'Clients and children',
      transactions: 'Transactions',
      events: 'Events applied',
    },
    parkEvents: 'Events in the park',
    recent: 'Latest transactions',
    empty: 'Nothing has arrived yet — give it a few seconds.',
    columns: { time: 'Time', client: 'Client', kind: 'What', lines: 'Lines', total: 'Total' },
    kinds: {
      purchase: 'Purchase',
      deposit_topup: 'Deposit top-up',
      pass: 'Turnstile pass',
      bonus_accrual: 'Bonus credit',
      refund: 'Refund',
    },
    actions: {
      title: 'Make something happen in the park',
      buy: 'A visitor buys',
      pass: 'A visitor passes the turnstile',
      edit: 'A client is edited in Lime',
    },
  },
  docs: { breadcrumbLabel: 'Breadcrumb', guides: 'Guides', home: 'Home' },
  bitrix24Install: {
    title: 'Lime ↔ Bitrix24',
    finishing: 'Finishing the installation…',
    done: 'The app is installed: events, card tabs and fields are in place. Open a contact or a deal: the “Lime” tab is already there.',
    retrying:
      'The app is installed. Setting up the portal did not finish on the first try and will be retried automatically within minutes.',
    outsideBitrix24: 'This page opens inside Bitrix24 while the app is being installed.',
    failed: 'Bitrix24 did not confirm the end of the installation. Close this window and open the app again.',
  },
  limeCard: {
    loading: 'Loading from Lime…',
    noClientTitle: 'No such client in Lime',
    noClientText: "Neither the contact's Lime id, phone nor e-mail matches a client of the park.",
    phone: 'Phone',
    email: 'E-mail',
    birthDate: 'Birth date',
    cards: 'Cards',
    lastVisit: 'Last visit',
    never: 'not yet',
    children: 'Children',
    noChildren: 'No children in Lime',
    years: (n) => `${n} ${n === 1 ? 'year' : 'years'}`,
    balances: 'Balance',
    deposit: 'Deposit',
    bonus: 'Bonuses',
    bonusUntil: 'expire',
    noBalances: 'The balance has not been read from Lime yet',
    transactions: 'Latest operations',
    noTransactions: 'No operations yet',
    kinds: {
      purchase: 'Purchase',
      deposit_topup: 'Deposit top-up',
      pass: 'Pass',
      bonus_accrual: 'Bonus accrual',
      refund: 'Refund',
    },
    errorTitle: 'Could not load the data',
    noSession: 'Open this tab from a card in the CRM.',
    category: { adult: 'adult', child: 'child' },
  },
  notFound: {
    title: 'Page not found',
    text: 'There is nothing at this address. The page may not have been built yet.',
    home: 'Go to the home page',
  },
};
