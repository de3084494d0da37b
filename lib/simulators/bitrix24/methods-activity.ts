import { intArg, optionalIntArg, optionalStringArg, stringArg } from './action-args';
import { entriesOf, intval, isPhpArray } from './php';
import { type MethodTable, ok } from './rest-context';
import { RestError } from './rest-error';
import { isoInZone, parseDateTimeInput } from './wire-time';

/**
 * crm.activity.todo.add (api-reference/crm/timeline/activities/todo/crm-activity-todo-add.md;
 * crm/lib/controller/activity/todo.php `addAction`): a universal to-do in an owner's timeline.
 * Arguments are an engine action's: `ownerTypeId`, `ownerId` (int) and `deadline` (string) are
 * required — a missing one is `{"error":100,…"Could not find value for parameter {ownerId}"}`;
 * `title` and `description` default to '', `responsibleId` to the caller, `pingOffsets` to none,
 * `colorId` ('1'…'7'; another value is ignored, as ColorSettingsProvider does), `parentActivityId`.
 * An owner type that is not a CRM type, or an id ≤ 0, is NOT_FOUND "Not found." (the docs' error
 * example; ItemIdentifier::createFromArray gives null); a deadline CRestUtil::unConvertDateTime
 * cannot read is WRONG_DATETIME_FORMAT; an owner that does not exist is OWNER_NOT_FOUND "Owner was
 * not found". The responsible user is stored as given (the controller does not check it).
 * Answers `{id}`; to-dos are kept in `state.todoActivities`.
 */

/** CCrmOwnerType ids of CRM items that can own a to-do: lead, deal, contact, company, quote, smart invoice. */
const OWNER_TYPES = new Set([1, 2, 3, 4, 7, 31]);
/** CCrmOwnerType::isPossibleDynamicTypeId: smart processes are 128–191 and from 1030 on. */
const isDynamicType = (id: number) => (id >= 128 && id < 192) || id >= 1030;
const COLORS = new Set(['1', '2', '3', '4', '5', '6', '7']);

export const activityMethods: MethodTable = {
  'crm.activity.todo.add': {
    scopes: ['crm'],
    handle(ctx) {
      const { params, state } = ctx;
      const ownerTypeId = intArg(params, 'ownerTypeId');
      const ownerId = intArg(params, 'ownerId');
      const deadlineText = stringArg(params, 'deadline');
      const title = optionalStringArg(params, 'title') ?? '';
      const description = optionalStringArg(params, 'description') ?? '';
      const responsibleId = optionalIntArg(params, 'responsibleId');
      const parentActivityId = optionalIntArg(params, 'parentActivityId');
      const colorId = optionalStringArg(params, 'colorId');
      const offsets = params.pingOffsets;

      if (!(OWNER_TYPES.has(ownerTypeId) || isDynamicType(ownerTypeId)) || ownerId <= 0)
        throw new RestError(400, 'NOT_FOUND', 'Not found.');
      const deadline = parseDateTimeInput(deadlineText, state.zone);
      if (!deadline) throw new RestError(400, 'WRONG_DATETIME_FORMAT', 'Wrong datetime format');
      const owners = ownerTypeId === 3 ? state.crm.contacts : ownerTypeId === 2 ? state.crm.deals : null;
      if (!owners?.has(ownerId)) throw new RestError(400, 'OWNER_NOT_FOUND', 'Owner was not found');

      const id = state.activityId();
      state.todoActivities.push({
        id,
        ownerTypeId,
        ownerId,
        title,
        description,
        deadline: isoInZone(deadline, state.zone),
        responsibleId: responsibleId && responsibleId > 0 ? responsibleId : ctx.user.id,
        authorId: ctx.user.id,
        parentActivityId,
        pingOffsets: isPhpArray(offsets)
          ? entriesOf(offsets)
              .map(([, v]) => intval(v))
              .filter((v) => v >= 0)
          : [],
        colorId: colorId !== null && COLORS.has(colorId) ? colorId : null,
        completed: false,
        created: isoInZone(state.now(), state.zone),
      });
      return ok({ id });
    },
  },
};
