/**
 * How a reminder mail leaves (DESIGN §4): SMTP through nodemailer (MAIL_SMTP_URL + MAIL_FROM: any company relay or
 * Exchange Online) or Microsoft Graph sendMail (MAIL_GRAPH_SENDER, the Function App's managed identity). One small
 * interface; the choice is configuration. Neither configured: no sender, and reminders are `not_configured`.
 */
import type { TokenCredential } from "@azure/identity";
import { cutCodePoints } from "../domain/text.js";

export interface MailMessage {
  to: string[];
  cc: string[];
  subject: string;
  /** The plain-text part. */
  text: string;
  /** The HTML part. */
  html: string;
}

export interface MailSender {
  /** "smtp" or "graph", for logs and the outbox. */
  readonly transport: string;
  /** Deliver the message or throw with the transport's reason. */
  send(message: MailMessage): Promise<void>;
}

export interface MailConfig {
  smtpUrl: string | null;
  from: string | null;
  graphSender: string | null;
}

export function mailConfigFrom(env: NodeJS.ProcessEnv): MailConfig {
  const v = (s: string | undefined) => (s && s.trim() ? s.trim() : null);
  return { smtpUrl: v(env.MAIL_SMTP_URL), from: v(env.MAIL_FROM), graphSender: v(env.MAIL_GRAPH_SENDER) };
}

/** A connection URL with its password hidden, for messages. */
export const redactUrl = (url: string) => url.replace(/\/\/([^:/@]+):[^@/]*@/, "//$1:***@");

/** nodemailer's SMTP options from `smtp://user:pass@host:port` (STARTTLS when offered) or `smtps://…` (TLS). */
export function smtpOptions(url: string) {
  const u = new URL(url);
  if (u.protocol !== "smtp:" && u.protocol !== "smtps:")
    throw new Error(`MAIL_SMTP_URL 应以 smtp:// 或 smtps:// 开头：${redactUrl(url)}`);
  const secure = u.protocol === "smtps:";
  return {
    host: u.hostname.replace(/^\[|\]$/g, ""),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    ...(u.username
      ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } }
      : {}),
    // A hung relay must not hold the daily run: fail, record `failed`, retry on the next run.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  };
}

/** SMTP through nodemailer (any company relay or Exchange Online). */
export function smtpSender(url: string, from: string): MailSender {
  const options = smtpOptions(url);
  let transport: Promise<import("nodemailer").Transporter> | null = null;
  const transporter = () =>
    (transport ??= import("nodemailer").then((nodemailer) => nodemailer.createTransport(options)));
  return {
    transport: "smtp",
    async send(message) {
      const t = await transporter();
      await t.sendMail({
        from,
        to: message.to,
        cc: message.cc.length ? message.cc : undefined,
        subject: message.subject,
        text: message.text,
        html: message.html,
      });
    },
  };
}

export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";

/**
 * Microsoft Graph `POST /v1.0/users/{sender}/sendMail` with an app-only token (Mail.Send application permission,
 * restricted to the sender's mailbox by an application access policy). Graph takes one body: the HTML part.
 */
export function graphSender(
  sender: string,
  credential: TokenCredential,
  baseUrl = "https://graph.microsoft.com",
): MailSender {
  const recipients = (list: string[]) => list.map((address) => ({ emailAddress: { address } }));
  return {
    transport: "graph",
    async send(message) {
      const token = await credential.getToken(GRAPH_SCOPE);
      if (!token) throw new Error("未能取得 Microsoft Graph 访问令牌");
      const res = await fetch(`${baseUrl}/v1.0/users/${encodeURIComponent(sender)}/sendMail`, {
        method: "POST",
        headers: { authorization: `Bearer ${token.token}`, "content-type": "application/json" },
        body: JSON.stringify({
          message: {
            subject: message.subject,
            body: { contentType: "HTML", content: message.html },
            toRecipients: recipients(message.to),
            ccRecipients: recipients(message.cc),
          },
          saveToSentItems: true,
        }),
        signal: AbortSignal.timeout(30_000),
      });
      if (res.status !== 202 && !res.ok) {
        const text = await res.text().catch(() => "");
        let detail = cutCodePoints(text, 300);
        try {
          const e = (JSON.parse(text) as { error?: { code?: string; message?: string } }).error;
          if (e) detail = `${e.code ?? ""} ${e.message ?? ""}`.trim();
        } catch {
          // not JSON: keep the text
        }
        throw new Error(`Microsoft Graph 答复 ${res.status}${detail ? `：${detail}` : ""}`);
      }
    },
  };
}

/** A sender that cannot work, saying why: a wrong mail setting fails the reminders (visibly), not the app. */
function misconfigured(transport: string, reason: string): MailSender {
  return {
    transport,
    send: async () => {
      throw new Error(reason);
    },
  };
}

/**
 * The sender the configuration asks for: SMTP when MAIL_SMTP_URL is set (MAIL_FROM required), else Graph when
 * MAIL_GRAPH_SENDER is set (managed identity through @azure/identity), else null. A wrong setting gives a sender
 * that fails with the reason, so every reminder shows it in the outbox.
 */
export function senderFromConfig(mail: MailConfig, credential?: TokenCredential): MailSender | null {
  if (mail.smtpUrl) {
    if (!mail.from)
      return misconfigured("smtp", "设置了 MAIL_SMTP_URL 时必须同时设置 MAIL_FROM（发件人地址）");
    try {
      return smtpSender(mail.smtpUrl, mail.from);
    } catch (e) {
      return misconfigured("smtp", e instanceof Error ? e.message : String(e));
    }
  }
  if (mail.graphSender) return graphSender(mail.graphSender, credential ?? managedIdentity());
  return null;
}

/** The Function App's identity (managed identity on Azure, a developer's login locally), loaded on first use. */
function managedIdentity(): TokenCredential {
  let credential: Promise<TokenCredential> | null = null;
  const load = () =>
    (credential ??= import("@azure/identity").then(
      ({ DefaultAzureCredential }) => new DefaultAzureCredential() as TokenCredential,
    ));
  return {
    getToken: async (scopes, options) => (await load()).getToken(scopes, options),
  };
}
