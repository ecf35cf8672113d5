// OfficeExtension.EventHandlers: add() registers at the next sync; remove() unregisters at the next sync.
import { NULL_OBJECT, type ClientObj, type SyncRun } from "../client";
import type { EventKind, Registration } from "../host";
import type { SheetModel } from "../sheet";
import type { TableModel } from "../workbook";

export class FakeEventHandlers {
  constructor(
    private readonly owner: ClientObj,
    private readonly kind: EventKind,
    private readonly scope: (entity: unknown) => { sheet?: SheetModel; table?: TableModel },
  ) {}

  add(handler: (args: unknown) => Promise<unknown>): { context: unknown; remove(): void } {
    let registration: Registration | undefined;
    const owner = this.owner;
    owner._queueOp(
      3,
      "RegisterEventHandler",
      [],
      `${owner._typeName()}.${this.kind}.add(handler);`,
      (rt: SyncRun) => {
        const e = rt.entity(owner);
        if (e === NULL_OBJECT) return;
        registration = { kind: this.kind, ctx: owner._ctx, handler, ...this.scope(e) };
        rt.host.registrations.push(registration);
      },
    );
    return {
      context: owner._ctx,
      remove: () => {
        owner._queueOp(
          3,
          "UnregisterEventHandler",
          [],
          `${owner._typeName()}.${this.kind}.remove(handler);`,
          (rt: SyncRun) => {
            rt.host.registrations = rt.host.registrations.filter((r) => r !== registration);
          },
        );
      },
    };
  }

  remove(handler: (args: unknown) => Promise<unknown>): void {
    const owner = this.owner;
    owner._queueOp(
      3,
      "UnregisterEventHandler",
      [],
      `${owner._typeName()}.${this.kind}.remove(handler);`,
      (rt: SyncRun) => {
        rt.host.registrations = rt.host.registrations.filter(
          (r) => r.handler !== handler || r.ctx !== owner._ctx,
        );
      },
    );
  }
}
