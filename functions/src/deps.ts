/** What every handler needs, built once per process from the configuration (or injected by tests). */
import { type Config, loadConfig } from "./config.js";
import { AssessmentsRepo } from "./storage/assessments-repo.js";
import { ItemsRepo } from "./storage/items-repo.js";
import { NoticesRepo } from "./storage/notices-repo.js";
import { ReferenceRepo } from "./storage/reference-repo.js";
import { type Reminder, RemindersRepo } from "./storage/reminders-repo.js";
import { TableStore } from "./storage/tables.js";

/** Delivers a department's daily 催办 reminder (mail, Teams…); the default only logs it. */
export interface ReminderSender {
  send(reminder: Reminder, log: (message: string) => void): Promise<void>;
}

export const logSender: ReminderSender = {
  async send(reminder, log) {
    log(`催办提醒 ${reminder.date} ${reminder.deptName}: ${reminder.items.length} 项超期事项`);
  },
};

export interface Deps {
  config: Config;
  tables: TableStore;
  items: ItemsRepo;
  notices: NoticesRepo;
  reference: ReferenceRepo;
  assessments: AssessmentsRepo;
  reminders: RemindersRepo;
  sender: ReminderSender;
  /** The business clock: DUBAN_NOW in development mode, else the real time. */
  now(): Date;
}

export function makeDeps(config: Config, overrides: Partial<Deps> = {}): Deps {
  const tables = new TableStore(config.connectionString, config.tablePrefix);
  return {
    config,
    tables,
    items: new ItemsRepo(tables.table("items")),
    notices: new NoticesRepo(tables.table("notices")),
    reference: new ReferenceRepo(tables.table("reference")),
    assessments: new AssessmentsRepo(tables.table("assessments")),
    reminders: new RemindersRepo(tables.table("reminders")),
    sender: logSender,
    now: () => (config.fixedNow ? new Date(config.fixedNow) : new Date()),
    ...overrides,
  };
}

let defaults: Deps | null = null;

/** The process-wide dependencies used by the Azure registrations. */
export function defaultDeps(): Deps {
  return (defaults ??= makeDeps(loadConfig()));
}
