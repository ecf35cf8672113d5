/** What every handler needs, built once per process from the configuration (or injected by tests). */
import { type Config, loadConfig } from "./config.js";
import { AccountabilityRepo } from "./storage/accountability-repo.js";
import { AssessmentsRepo } from "./storage/assessments-repo.js";
import { ItemsRepo } from "./storage/items-repo.js";
import { NoticesRepo } from "./storage/notices-repo.js";
import { ReferenceRepo } from "./storage/reference-repo.js";
import { type MailSender, senderFromConfig } from "./reminders/senders.js";
import { RemindersRepo } from "./storage/reminders-repo.js";
import { TableStore } from "./storage/tables.js";

export type { MailMessage, MailSender } from "./reminders/senders.js";

export interface Deps {
  config: Config;
  tables: TableStore;
  items: ItemsRepo;
  notices: NoticesRepo;
  reference: ReferenceRepo;
  assessments: AssessmentsRepo;
  reminders: RemindersRepo;
  accountability: AccountabilityRepo;
  /** How 催办 reminder mails leave (SMTP or Microsoft Graph); null: not configured, reminders are `not_configured`. */
  sender: MailSender | null;
  /** The business clock: DUBAN_NOW in development mode, else the real time. */
  now(): Date;
}

export function makeDeps(config: Config, overrides: Partial<Deps> = {}): Deps {
  const tables = new TableStore(config.connectionString, config.tablePrefix, config.storageTimeoutMs);
  return {
    config,
    tables,
    items: new ItemsRepo(tables.table("items")),
    notices: new NoticesRepo(tables.table("notices")),
    reference: new ReferenceRepo(tables.table("reference")),
    assessments: new AssessmentsRepo(tables.table("assessments")),
    reminders: new RemindersRepo(tables.table("reminders")),
    accountability: new AccountabilityRepo(tables.table("accountability")),
    sender: senderFromConfig(config.mail ?? { smtpUrl: null, from: null, graphSender: null }),
    now: () => (config.fixedNow ? new Date(config.fixedNow) : new Date()),
    ...overrides,
  };
}

let defaults: Deps | null = null;

/** The process-wide dependencies used by the Azure registrations. */
export function defaultDeps(): Deps {
  return (defaults ??= makeDeps(loadConfig()));
}
