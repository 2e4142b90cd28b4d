import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import {
  qualificationFields,
  type Activity,
  type Company,
  type Contact,
  type Lead,
  type Locale,
  type Opportunity,
  type TimelineItem,
} from '@leadline/contract';
import { reportLabels, type ReportLabels } from './report-labels';

const require = createRequire(import.meta.url);
/** DejaVu covers Latin with every accent, Cyrillic and Greek; shipped by an npm package. */
const fonts = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

/** Everything the report shows, gathered (and access-checked) by the service. */
export interface LeadReportData {
  lead: Lead;
  names: {
    status: string | null;
    owner: string | null;
    unit: string | null;
    source: string | null;
    leadType: string | null;
  };
  company: Company | null;
  contact: Contact | null;
  opportunity: Opportunity | null;
  activities: Activity[];
  timeline: TimelineItem[];
}

export interface ReportFormat {
  locale: Locale;
  timeZone: string;
}

type Row = [label: string, value: string | null | undefined];

function formatters({ locale, timeZone }: ReportFormat) {
  const tag = locale === 'ru' ? 'ru-RU' : 'en-GB';
  const dateTime = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' });
  return {
    dateTime: (v: string | null | undefined) => (v ? dateTime.format(new Date(v)) : null),
    date: (v: string | null | undefined) => (v ? date.format(new Date(`${v}T00:00:00Z`)) : null),
    money: (m: { amount: string; currency: string } | null | undefined) =>
      m
        ? `${new Intl.NumberFormat(tag, { minimumFractionDigits: 2 }).format(Number(m.amount))} ${m.currency}`
        : null,
  };
}

const plain = (html: string | null) =>
  html
    ? html
        .replace(/<br\s*\/?>|<\/p>|<\/li>/gi, '\n')
        .replace(/<[^>]*>/g, '')
        .replace(/&nbsp;/g, ' ')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .trim()
    : null;

const personName = (p: { firstName: string | null; middleName: string | null; lastName: string | null }) =>
  [p.firstName, p.middleName, p.lastName].filter(Boolean).join(' ') || null;

/** What one timeline entry says, in a line. */
function eventLine(item: TimelineItem, l: ReportLabels): string {
  const payload = (item.payload ?? {}) as Record<string, unknown>;
  const what = l.events[item.kind] ?? item.kind;
  const value = (v: unknown) =>
    v === null || v === undefined || v === '' ? '—' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (item.kind === 'changed' && item.field)
    return `${what} ${l.fields[item.field] ?? item.field}: ${value(item.oldValue)} → ${value(item.newValue)}`;
  if (item.kind === 'comment') return `${what}: ${item.body ?? ''}`;
  if (item.kind === 'action') return `${what}: ${value(payload.action)}`;
  if (item.kind === 'activity')
    return `${what} (${value(payload.change)}): ${l.activityTypes[String(payload.type)] ?? value(payload.type)} — ${value(payload.subject)}`;
  if (item.kind === 'message')
    return `${what}: ${value(payload.subject ?? payload.channel)} → ${value(payload.to)}`;
  if (item.kind === 'attachment') return `${what} (${value(payload.change)}): ${value(payload.name)}`;
  return item.body ? `${what}: ${item.body}` : what;
}

/** An A4 document with the report's fonts registered; `renderLeadReport` and bulk prints draw into it. */
export function createReportDocument(title: string) {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: title, Creator: 'Leadline' } });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  return doc;
}

/** The lead's report as a PDF: its essentials by section, company, contact, qualification, opportunity, last activities, timeline. */
export function renderLeadReport(
  data: LeadReportData,
  format: ReportFormat,
  printedAt = new Date(),
): Promise<Buffer> {
  const l = reportLabels[format.locale];
  const doc = createReportDocument(`${l.title} ${data.lead.number} — ${data.lead.name}`);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  drawLeadReport(doc, data, format, printedAt);
  doc.end();
  return done;
}

/** Draws one lead's report from the current page of `doc` on. */
export function drawLeadReport(
  doc: PDFKit.PDFDocument,
  data: LeadReportData,
  format: ReportFormat,
  printedAt = new Date(),
) {
  const l = reportLabels[format.locale];
  const f = formatters(format);
  const { lead } = data;
  const width = doc.page.width - 100;
  const heading = (text: string) => {
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.moveDown(0.8).font('bold').fontSize(13).fillColor('#1c2a4a').text(text);
    doc
      .moveTo(50, doc.y + 2)
      .lineTo(50 + width, doc.y + 2)
      .strokeColor('#c5cad6')
      .stroke();
    doc.moveDown(0.4);
  };
  const rows = (items: Row[]) => {
    const shown = items.filter(([, v]) => v !== null && v !== undefined && v !== '');
    if (shown.length === 0) {
      doc.font('regular').fontSize(10).fillColor('#666').text(l.none);
      return;
    }
    for (const [label, value] of shown) {
      const y = doc.y;
      doc.font('bold').fontSize(9).fillColor('#555').text(label, 50, y, { width: 150 });
      const afterLabel = doc.y;
      doc
        .font('regular')
        .fontSize(10)
        .fillColor('#000')
        .text(String(value), 210, y, { width: width - 160 });
      doc.y = Math.max(doc.y, afterLabel) + 3;
      doc.x = 50;
    }
  };
  const yesNo = (b: boolean) => (b ? l.yes : l.no);

  doc.font('bold').fontSize(18).fillColor('#000').text(`${l.title} ${lead.number}`);
  doc.font('regular').fontSize(15).text(lead.name);
  doc
    .fontSize(8)
    .fillColor('#777')
    .text(`${l.printed}: ${f.dateTime(printedAt.toISOString())}`);

  heading(l.sections.essentials);
  rows([
    [l.fields.number, lead.number],
    [l.fields.name, lead.name],
    [l.fields.status, data.names.status],
    [l.fields.phase, lead.phase],
    [l.fields.owner, data.names.owner],
    [l.fields.unit, data.names.unit],
    [l.fields.source, data.names.source],
    [l.fields.leadType, data.names.leadType],
    [l.fields.targetAmount, f.money(lead.targetAmount)],
    [l.fields.probability, lead.probability === null ? null : String(lead.probability)],
    [l.fields.priority, lead.priority],
    [l.fields.startDate, f.date(lead.startDate)],
    [l.fields.expectedCompletionDate, f.date(lead.expectedCompletionDate)],
    [l.fields.nextEventAt, f.dateTime(lead.nextEventAt)],
    [l.fields.lastEventAt, f.dateTime(lead.lastEventAt)],
    [l.fields.description, plain(lead.description)],
    [l.fields.customerRequirements, lead.customerRequirements],
  ]);

  heading(l.sections.company);
  rows([
    [l.fields.companyName, data.company?.name ?? lead.companyName],
    [l.fields.leadCompanyName, lead.leadCompanyName],
    [l.fields.companyTin, data.company?.tin ?? lead.companyTin],
    [l.fields.companyWebsite, data.company?.website ?? lead.companyWebsite],
    [l.fields.companySize, data.company?.size ?? lead.companySize],
  ]);

  heading(l.sections.contact);
  const a = lead.address;
  rows([
    [l.fields.contactName, personName(lead) ?? (data.contact ? personName(data.contact) : null)],
    [l.fields.jobTitle, lead.jobTitle ?? data.contact?.jobTitle],
    [l.fields.department, lead.department ?? data.contact?.department],
    [l.fields.emails, (lead.emails.length ? lead.emails : (data.contact?.emails ?? [])).join(', ')],
    [l.fields.phones, (lead.phones.length ? lead.phones : (data.contact?.phones ?? [])).join(', ')],
    [l.fields.doNotEmail, yesNo(lead.doNotEmail)],
    [l.fields.doNotCall, yesNo(lead.doNotCall)],
    [l.fields.address, [a.street, a.postalCode, a.city, a.region, a.country].filter(Boolean).join(', ')],
  ]);

  heading(l.sections.qualification);
  rows(
    qualificationFields.map((q): Row => [
      l.fields[q] ?? q,
      (lead as unknown as Record<string, string | null>)[q],
    ]),
  );

  heading(l.sections.opportunity);
  const o = data.opportunity;
  rows(
    o
      ? [
          [l.fields.number, o.number],
          [l.fields.opportunityName, o.name],
          [l.fields.stage, o.stage],
          [l.fields.estimatedRevenue, f.money(o.estimatedRevenue)],
          [l.fields.estimatedCloseDate, f.date(o.estimatedCloseDate)],
        ]
      : [],
  );

  heading(l.sections.activities);
  rows(
    data.activities.map((x): Row => [
      f.dateTime(x.dueAt ?? x.startAt ?? x.createdAt) ?? '',
      `${l.activityTypes[x.type] ?? x.type}: ${x.subject} (${x.done ? l.done : l.open})${x.outcome ? ` — ${x.outcome}` : ''}`,
    ]),
  );

  heading(l.sections.timeline);
  rows(
    data.timeline.map((e): Row => [f.dateTime(e.at) ?? '', `${e.actorName ?? ''} ${eventLine(e, l)}`.trim()]),
  );
}
