import { bonusCardSuite } from '../support/bonus-card-suite';
import { startAmocrmAccount } from '../support/crm-push-fixtures';

/** A card's bonus credit in amoCRM (the suite: tests/support/bonus-card-suite.ts). */
bonusCardSuite('amoCRM', startAmocrmAccount, 812);
