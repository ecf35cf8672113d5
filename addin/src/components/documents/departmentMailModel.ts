// 部门邮箱: the departments' reminder mailboxes (email, ccEmails) as a form, saved with PUT /api/departments and
// the list's ETag. No React here.
import type { Tagged } from "../../api/client";
import type { Department } from "../../../../functions/src/domain/types";
import type { PaneDeps } from "../common/deps";

export interface MailDraft {
  id: string;
  name: string;
  email: string;
  /** The cc addresses as typed: separated by commas, semicolons or spaces. */
  cc: string;
}

/** department id → message */
export type MailErrors = Record<string, { email?: string; cc?: string }>;

const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export const splitAddresses = (text: string) =>
  text
    .split(/[\s,，;；、]+/)
    .map((a) => a.trim())
    .filter(Boolean);

export function draftsFrom(departments: readonly Department[]): MailDraft[] {
  return departments.map((d) => ({
    id: d.id,
    name: d.name,
    email: d.email ?? "",
    cc: (d.ccEmails ?? []).join("，"),
  }));
}

/** Check the addresses before sending (the server checks again): department id → what is wrong. */
export function checkDrafts(drafts: readonly MailDraft[]): MailErrors {
  const errors: MailErrors = {};
  for (const d of drafts) {
    const email = d.email.trim();
    if (email && !ADDRESS.test(email)) errors[d.id] = { email: "不是有效的邮箱地址" };
    const bad = splitAddresses(d.cc).filter((a) => !ADDRESS.test(a));
    if (bad.length) errors[d.id] = { ...errors[d.id], cc: `不是有效的邮箱地址：${bad.join("、")}` };
    else if (splitAddresses(d.cc).length > 20) errors[d.id] = { ...errors[d.id], cc: "抄送最多 20 个地址" };
  }
  return errors;
}

/** The departments with the drafts' addresses (everything else as it was read). */
export function applyDrafts(departments: readonly Department[], drafts: readonly MailDraft[]): Department[] {
  const byId = new Map(drafts.map((d) => [d.id, d]));
  return departments.map((dep) => {
    const draft = byId.get(dep.id);
    if (!draft) return dep;
    const { email: _email, ccEmails: _cc, ...rest } = dep;
    const email = draft.email.trim();
    const cc = splitAddresses(draft.cc);
    return { ...rest, ...(email ? { email } : {}), ...(cc.length ? { ccEmails: cc } : {}) };
  });
}

/** The server's field errors ("3.email", "3.ccEmails.1") mapped back to departments. */
export function serverErrors(
  departments: readonly Department[],
  errors: readonly { path: string; message: string }[],
): MailErrors {
  const out: MailErrors = {};
  for (const e of errors) {
    const m = /^(\d+)\.(email|ccEmails)/.exec(e.path);
    const dep = m ? departments[Number(m[1])] : undefined;
    if (!m || !dep) continue;
    const key = m[2] === "email" ? "email" : "cc";
    out[dep.id] = { ...out[dep.id], [key]: e.message };
  }
  return out;
}

export const loadDepartments = (deps: PaneDeps, signal?: AbortSignal) => deps.api.getDepartments(signal);

export async function saveDepartmentMail(
  deps: PaneDeps,
  read: Tagged<Department[]>,
  drafts: readonly MailDraft[],
  signal?: AbortSignal,
): Promise<Tagged<Department[]>> {
  return deps.api.putDepartments(applyDrafts(read.value, drafts), read.etag, signal);
}
