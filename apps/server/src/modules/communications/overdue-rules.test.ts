import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lead } from '@leadline/contract';
import { createTestApp, signInAdmin, type Client, type TestApp } from '../../test/harness';
import { seedCatalog, validLead, type Catalog } from '../leads/lead-fixtures';
import { OVERDUE_RULES_JOB, runOverdueRules } from './communication-rule-hooks';
import { createSmsSender } from './sms';

let t: TestApp;
let admin: Client;
let c: Catalog;
let smtp: SMTPServer;
const received: string[][] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const logOf = async (ruleId: string) =>
  (await admin.get(`/api/v1/communication-rules/${ruleId}/log`)).json<{
    items: { leadId: string; outcome: string; reason: string | null }[];
  }>().items;
const newLead = async (extra: Record<string, unknown>) => {
  const res = await admin.post(
    '/api/v1/leads',
    validLead(c, {
      prospectType: 'person',
      companyId: null,
      contactId: null,
      newContact: true,
      firstName: 'Olga',
      lastName: 'Late',
      ...extra,
    }),
  );
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Lead>();
};
/** Queues the daily job through the real queue and waits until its worker has logged `expected` entries. */
async function runDailyJob(ruleId: string, expected: number) {
  await t.rt.jobs.send(OVERDUE_RULES_JOB, {});
  const until = Date.now() + 20_000;
  while ((await logOf(ruleId)).length < expected) {
    if (Date.now() > until) throw new Error('the overdue job did not run');
    await sleep(200);
  }
}
/** The job's own work, run once more and awaited: how many rule firings it made. */
const runAgain = () =>
  runOverdueRules(t.db, { mailer: t.rt.mailer, sms: createSmsSender(t.config, t.db, t.rt.jobs) });

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        received.push(session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  t = await createTestApp({
    jobPollingSeconds: 0.5,
    env: { SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}` },
  });
  admin = await signInAdmin(t.app);
  c = await seedCatalog(t.db);
}, 120_000);
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(resolve));
});

describe('the overdue trigger of communication rules', () => {
  it('e-mails each overdue lead once per overdue spell, skips Do not email with its reason, leaves others alone', async () => {
    const tpl = await admin.post('/api/v1/templates', {
      name: 'Overdue reminder',
      channel: 'email',
      subject: 'Still interested, {{ contact.firstName }}?',
      body: '<p>{{ lead.name }} is waiting for you.</p>',
    });
    expect(tpl.statusCode, tpl.body).toBe(201);
    const rule = await admin.post('/api/v1/communication-rules', {
      name: 'Overdue nudge',
      event: 'overdue',
      templateId: tpl.json().id,
      recipient: 'contact',
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const ruleId = rule.json<{ id: string }>().id;

    const late = await newLead({
      emails: ['late@customer.test'],
      startDate: daysAgo(30),
      expectedCompletionDate: daysAgo(3),
    });
    const quiet = await newLead({
      emails: ['quiet@customer.test'],
      doNotEmail: true,
      startDate: daysAgo(30),
      expectedCompletionDate: daysAgo(2),
    });
    const onTime = await newLead({ emails: ['ontime@customer.test'], expectedCompletionDate: daysAgo(-10) });
    expect(late.overdueDays).toBe(3);

    await runDailyJob(ruleId, 2);
    const log = await logOf(ruleId);
    expect(log.map((e) => [e.leadId, e.outcome]).sort()).toEqual(
      [
        [late.id, 'sent'],
        [quiet.id, 'skipped'],
      ].sort(),
    );
    expect(log.find((e) => e.leadId === quiet.id)?.reason).toContain('doNotEmail');
    expect(log.some((e) => e.leadId === onTime.id)).toBe(false);
    const until = Date.now() + 20_000;
    while (!received.some((r) => r.includes('late@customer.test')) && Date.now() < until) await sleep(200);
    expect(received.filter((r) => r.includes('late@customer.test'))).toHaveLength(1);

    // The next day's run (or a second run the same day) sends nothing again.
    expect(await runAgain()).toBe(0);
    expect(await logOf(ruleId)).toHaveLength(2);
    await sleep(1000);
    expect(received.filter((r) => r.includes('late@customer.test'))).toHaveLength(1);

    // An inactive rule is not run.
    await admin.patch(`/api/v1/communication-rules/${ruleId}`, { active: false });
    await newLead({
      emails: ['later@customer.test'],
      startDate: daysAgo(30),
      expectedCompletionDate: daysAgo(1),
    });
    expect(await runAgain()).toBe(0);
    expect(await logOf(ruleId)).toHaveLength(2);
  }, 60_000);
});
