import nodemailer, { type Transporter } from 'nodemailer';
import type { ChannelRow } from '../channel-repository.ts';
import type { Delivery } from '../delivery-outbox-repository.ts';
import { renderEmail } from '../alert-email.ts';
import type { ChannelDefinition, ChannelSender } from './channel-sender.ts';

export interface SmtpOptions {
  /** e.g. smtp://user:pass@mail.example:587 or smtps://… */
  url: string;
  from: string;
}

/** Email over SMTP (nodemailer): one message per delivery, Vietnamese text. */
export class EmailSender implements ChannelSender {
  private transport: Transporter | null = null;

  constructor(private readonly smtp: SmtpOptions | null) {}

  async send(channel: ChannelRow, d: Delivery): Promise<void> {
    if (!this.smtp) throw new Error('no SMTP server configured (SMTP_URL)');
    const to = channel.config.to ?? [];
    if (to.length === 0) throw new Error('email channel without recipients');
    this.transport ??= nodemailer.createTransport(this.smtp.url);
    const { subject, text } = renderEmail(d);
    await this.transport.sendMail({ from: this.smtp.from, to, subject, text, headers: { 'X-Camwatch-Delivery': String(d.id) } });
  }

  close(): void {
    this.transport?.close();
  }
}

export const emailChannel: ChannelDefinition = {
  target: (config) => (config.to ?? []).join(', '),
  fits: (config) => 'to' in config,
  createSender: (deps) => new EmailSender(deps.smtp),
};
