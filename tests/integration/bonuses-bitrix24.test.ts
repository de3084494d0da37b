import { bonusCardSuite } from '../support/bonus-card-suite';
import { startBitrix24Account } from '../support/crm-push-fixtures';

/** A card's bonus credit in Bitrix24 (the suite: tests/support/bonus-card-suite.ts). */
bonusCardSuite('Bitrix24', startBitrix24Account, 811);
