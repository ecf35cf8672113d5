/** The route table: every HTTP endpoint, the same list on Azure (app.http), in the local host and in tests. */
import { routes as accountabilityRoutes } from "./functions/accountability.js";
import { routes as assessmentRoutes } from "./functions/assessments.js";
import { routes as calendarRoutes } from "./functions/calendar.js";
import getBulletin from "./functions/bulletins.js";
import health from "./functions/health.js";
import itemAction from "./functions/items-action.js";
import createItem from "./functions/items-create.js";
import editItem from "./functions/items-edit.js";
import listItemEvents from "./functions/items-events.js";
import getItem from "./functions/items-get.js";
import listItems from "./functions/items-list.js";
import me from "./functions/me.js";
import issueNotice from "./functions/notices-issue.js";
import { getNoticeRoute, listNoticesRoute } from "./functions/notices-read.js";
import voidNotice from "./functions/notices-void.js";
import { routes as referenceRoutes } from "./functions/reference.js";
import { routes as reminderRoutes } from "./functions/reminders.js";
import type { RouteDef } from "./http/endpoint.js";

export const API_ROUTES: readonly RouteDef[] = [
  health,
  me,
  listItems,
  createItem,
  getItem,
  editItem,
  itemAction,
  listItemEvents,
  issueNotice,
  listNoticesRoute,
  getNoticeRoute,
  voidNotice,
  ...assessmentRoutes,
  ...accountabilityRoutes,
  getBulletin,
  ...referenceRoutes,
  ...reminderRoutes,
  ...calendarRoutes,
];
