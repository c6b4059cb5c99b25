import { getDb } from "../db/client";
import { devOutbox } from "../db/schema";
import { ulid } from "../lib/ids";

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** The one way the product sends email (password resets, invitations). */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * Production: an HTTP email provider speaking Resend's API (`MAIL_API_KEY`, `MAIL_FROM`, optional
 * `MAIL_API_URL` for a compatible provider). Development and tests: the dev outbox in D1, shown in
 * the dashboard at /dev/outbox; nothing leaves the machine.
 */
export function mailerFor(env: Env): Mailer {
  const key = env.MAIL_API_KEY;
  if (key)
    return httpMailer(env.MAIL_API_URL || "https://api.resend.com/emails", key, env.MAIL_FROM || "CasinoFlux <no-reply@casinoflux.app>");
  if (env.ENVIRONMENT === "production") {
    return {
      async send(mail) {
        // Refuse loudly instead of pretending: a reset link that was never sent must not look sent.
        throw new Error(`No mailer configured (set MAIL_API_KEY); could not send "${mail.subject}"`);
      },
    };
  }
  return outboxMailer(env);
}

function outboxMailer(env: Env): Mailer {
  return {
    async send(mail) {
      await getDb(env.DB)
        .insert(devOutbox)
        .values({ id: `ml_${ulid()}`, to: mail.to, subject: mail.subject, text: mail.text, sentAt: Date.now() });
    },
  };
}

function httpMailer(url: string, apiKey: string, from: string): Mailer {
  return {
    async send(mail) {
      const res = await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ from, to: [mail.to], subject: mail.subject, text: mail.text }),
      });
      if (!res.ok) throw new Error(`email provider answered ${res.status}`);
    },
  };
}
