import { intval, isMap, isPhpArray, strval } from './php';
import { type MethodTable, ok } from './rest-context';
import { argumentTypeError, missingArgument, RestError } from './rest-error';
import { isoInZone } from './wire-time';

/**
 * crm.timeline.comment.add (api-reference/crm/timeline/comments/crm-timeline-comment-add.md):
 * `fields` — only that key, in lower case, since crm 23.100.0 (`FIELDS` is a missing argument,
 * code 100) — with ENTITY_ID, ENTITY_TYPE (a CRM type name in any case: `deal`, `CONTACT`),
 * COMMENT and an optional AUTHOR_ID (default: the caller). Answers the new comment's id. An
 * unknown type name is NOT_FOUND "Not found.", an owner that does not exist OWNER_NOT_FOUND, an
 * empty comment INVALID_ARG_VALUE. Comments are kept in `state.timelineComments`; FILES are not.
 *
 * crm.timeline.logmessage.add (api-reference/crm/timeline/logmessage/crm-timeline-logmessage-add.md):
 * `fields` with entityTypeId, entityId, title, text, iconCode, all required (a missing one: code
 * 100); an owner that does not exist OWNER_NOT_FOUND; answers `{logMessage: {id, created, authorId,
 * title, text, iconCode}}`. Kept in `state.timelineLogMessages`.
 */

const KNOWN_TYPES = ['lead', 'deal', 'contact', 'company', 'quote', 'invoice', 'order', 'smart_invoice'];

export const timelineMethods: MethodTable = {
  'crm.timeline.comment.add': {
    scopes: ['crm'],
    handle(ctx) {
      const fields = ctx.params.fields;
      if (fields === undefined || fields === null) throw missingArgument('fields');
      if (!isPhpArray(fields)) throw argumentTypeError('fields', strval(fields), 'array');
      const input = isMap(fields) ? fields : {};
      const type = strval(input.ENTITY_TYPE).toLowerCase();
      const ownerId = intval(input.ENTITY_ID);
      if (!KNOWN_TYPES.includes(type) && !/^dynamic_\d+$/.test(type)) {
        throw new RestError(400, 'NOT_FOUND', 'Not found.');
      }
      const table =
        type === 'contact' ? ctx.state.crm.contacts : type === 'deal' ? ctx.state.crm.deals : null;
      if (!table?.has(ownerId)) throw new RestError(400, 'OWNER_NOT_FOUND', 'Owner was not found');
      const comment = strval(input.COMMENT);
      if (comment.trim() === '') throw new RestError(400, 'INVALID_ARG_VALUE', 'Empty comment');
      const authorId = input.AUTHOR_ID === undefined ? ctx.user.id : intval(input.AUTHOR_ID);
      const id = ctx.state.commentId();
      ctx.state.timelineComments.push({
        ID: id,
        ENTITY_ID: ownerId,
        ENTITY_TYPE: type,
        COMMENT: comment,
        AUTHOR_ID: authorId > 0 ? authorId : ctx.user.id,
        CREATED: isoInZone(ctx.state.now(), ctx.state.zone),
      });
      return ok(id);
    },
  },
  'crm.timeline.logmessage.add': {
    scopes: ['crm'],
    handle(ctx) {
      const fields = ctx.params.fields;
      if (fields === undefined || fields === null) throw missingArgument('fields');
      if (!isPhpArray(fields)) throw argumentTypeError('fields', strval(fields), 'array');
      const input = isMap(fields) ? fields : {};
      for (const key of ['entityTypeId', 'entityId', 'title', 'text', 'iconCode']) {
        if (strval(input[key]).trim() === '')
          throw new RestError(400, '100', `Required fields are not provided: ${key}`);
      }
      const entityTypeId = intval(input.entityTypeId);
      const entityId = intval(input.entityId);
      const table =
        entityTypeId === 3 ? ctx.state.crm.contacts : entityTypeId === 2 ? ctx.state.crm.deals : null;
      if (!table?.has(entityId)) throw new RestError(400, 'OWNER_NOT_FOUND', 'Owner was not found');
      const entry = {
        id: ctx.state.commentId(),
        entityTypeId,
        entityId,
        title: strval(input.title),
        text: strval(input.text),
        iconCode: strval(input.iconCode),
        authorId: ctx.user.id,
        created: isoInZone(ctx.state.now(), ctx.state.zone),
      };
      ctx.state.timelineLogMessages.push(entry);
      const { entityTypeId: _type, entityId: _id, ...logMessage } = entry;
      return ok({ logMessage });
    },
  },
};
