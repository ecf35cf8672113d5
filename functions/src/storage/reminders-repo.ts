/** 催办 reminders written by the daily timer: PartitionKey = CST date, RowKey = department id. */
import { odata, type TableClient } from "@azure/data-tables";
import { guarded, isConflict, jsonProps, readJson } from "./tables.js";

export interface Reminder {
  date: string;
  deptId: string;
  deptName: string;
  items: {
    itemId: string;
    noticeNumber: string | null;
    content: string;
    effectiveDeadline: string | null;
    overdueDays: number;
  }[];
  createdAt: string;
}

export class RemindersRepo {
  constructor(private readonly table: TableClient) {}

  /** Record a department's reminder for a day; false when that day's reminder exists already. */
  async add(reminder: Reminder): Promise<boolean> {
    return guarded(async () => {
      try {
        await this.table.createEntity({
          partitionKey: reminder.date,
          rowKey: reminder.deptId,
          ...jsonProps("data", reminder),
        });
        return true;
      } catch (e) {
        if (isConflict(e)) return false;
        throw e;
      }
    });
  }

  async forDate(date: string): Promise<Reminder[]> {
    return guarded(async () => {
      const out: Reminder[] = [];
      for await (const row of this.table.listEntities<Record<string, unknown>>({
        queryOptions: { filter: odata`PartitionKey eq ${date}` },
      }))
        out.push(readJson<Reminder>(row, "data"));
      return out;
    });
  }
}
