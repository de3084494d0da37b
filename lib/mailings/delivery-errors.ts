/**
 * A send the CRM cannot make as things stand (no contact, no delivery chosen, the CRM refused):
 * final — the campaign engine marks the send failed with these words (codes starting `MAILING_`)
 * instead of trying again.
 */
export class MailingDeliveryError extends Error {
  constructor(
    readonly code:
      | 'MAILING_SEND_GONE'
      | 'MAILING_NOT_CONFIGURED'
      | 'MAILING_NO_CONTACT'
      | 'MAILING_NO_DEAL'
      | 'MAILING_UNSUPPORTED'
      | 'MAILING_CRM_REFUSED',
    message: string,
  ) {
    super(message);
    this.name = 'MailingDeliveryError';
  }
}
