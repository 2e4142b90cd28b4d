import type { Channel, FieldError, ListQuery, TemplateCreate, TemplatePatch } from '@leadline/contract';
import type { Database } from '../../db/client';
import { conflict, fieldError, invalid, notFound } from '../../http/errors';
import { staleVersion } from '../../http/versioning';
import { decodeCursor, pageOf, parseSort } from '../../lib/keyset';
import { authorize } from '../access/policy';
import type { Principal } from '../access/principal';
import { leadScopeOf } from '../leads/lead-context';
import { visibleLead } from '../leads/leads.service';
import { createCommunicationsRepository, templateSortColumns } from './communications.repository';
import { checkTemplatePart, renderMessage } from './template-engine';
import { templateValuesOf } from './template-values';

/** Every fault of a template: the subject an e-mail needs, syntax and unknown variables with their position. */
export function checkTemplate(t: { channel: Channel; subject: string | null; body: string }): FieldError[] {
  const errors: FieldError[] = [];
  if (t.channel === 'email') {
    if (!t.subject?.trim())
      errors.push(fieldError('subject', 'required', 'an e-mail template needs a subject'));
    else errors.push(...checkTemplatePart('subject', t.subject));
  }
  errors.push(...checkTemplatePart('body', t.body));
  return errors;
}

/** Message templates: every CRM user reads and previews them, administrators write them. */
export function createTemplatesService({ db }: { db: Database }) {
  return {
    async list(p: Principal, query: ListQuery) {
      authorize(p, 'read', 'configuration');
      const terms = parseSort(query.sort, templateSortColumns, 'name', 't.id');
      const after = query.cursor ? decodeCursor(query.cursor, terms) : null;
      const repo = createCommunicationsRepository(db);
      const page = pageOf(await repo.listTemplates(terms, after, query.limit), query.limit, terms);
      return query.count === false ? page : { ...page, total: await repo.countTemplates() };
    },

    async get(p: Principal, id: string) {
      authorize(p, 'read', 'configuration');
      const t = await createCommunicationsRepository(db).getTemplate(id);
      if (!t) throw notFound('template');
      return t;
    },

    async create(p: Principal, input: TemplateCreate) {
      authorize(p, 'create', 'configuration');
      const v = {
        name: input.name,
        channel: input.channel,
        subject: input.channel === 'sms' ? null : (input.subject ?? null),
        body: input.body,
      };
      const errors = checkTemplate(v);
      if (errors.length) throw invalid(errors);
      return db.transaction((tx) => createCommunicationsRepository(tx).insertTemplate(v));
    },

    async update(p: Principal, id: string, input: TemplatePatch, version?: number) {
      authorize(p, 'update', 'configuration');
      return db.transaction(async (tx) => {
        const repo = createCommunicationsRepository(tx);
        const current = await repo.getTemplate(id, true);
        if (!current) throw notFound('template');
        if (version !== undefined && version !== current.version) throw staleVersion(current.version);
        const channel = input.channel ?? current.channel;
        const v = {
          name: input.name ?? current.name,
          channel,
          subject: channel === 'sms' ? null : input.subject === undefined ? current.subject : input.subject,
          body: input.body ?? current.body,
        };
        const errors = checkTemplate(v);
        if (errors.length) throw invalid(errors);
        return repo.updateTemplate(id, v);
      });
    },

    async remove(p: Principal, id: string) {
      authorize(p, 'delete', 'configuration');
      await db.transaction(async (tx) => {
        const repo = createCommunicationsRepository(tx);
        if (!(await repo.getTemplate(id, true))) throw notFound('template');
        try {
          await repo.deleteTemplate(id);
        } catch (err) {
          if ((err as { code?: string }).code === '23503')
            throw conflict('A communication rule sends this template.', 'template_in_use');
          throw err;
        }
      });
    },

    /** The message the template makes for a lead the user may see, without sending anything. */
    async preview(p: Principal, id: string, leadId: string) {
      authorize(p, 'read', 'configuration');
      const t = await createCommunicationsRepository(db).getTemplate(id);
      if (!t) throw notFound('template');
      const lead = await visibleLead(db, await leadScopeOf(db, p), leadId);
      return renderMessage(t, await templateValuesOf(db, lead));
    },
  };
}
export type TemplatesService = ReturnType<typeof createTemplatesService>;
