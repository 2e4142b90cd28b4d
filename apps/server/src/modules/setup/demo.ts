import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Database } from '../../db/client';
import type { Logger } from '../../lib/logger';
import { randomToken, sha256 } from '../../lib/tokens';

/**
 * Demo data for a newcomer (`LEADLINE_DEMO=1`): people of every role, units, a catalogue, companies,
 * contacts and a few hundred leads across the pipeline. It is loaded through the public API, so the
 * demo obeys every rule a real user meets. Runs only while the database has no leads.
 */
export const DEMO_PASSWORD = 'leadline-demo';

const firstNames = [
  'Anna',
  'Ben',
  'Carla',
  'David',
  'Elena',
  'Felix',
  'Greta',
  'Hugo',
  'Ines',
  'Jonas',
  'Kira',
  'Liam',
  'Mila',
  'Noah',
  'Olga',
  'Paul',
  'Rita',
  'Sven',
  'Tara',
  'Umar',
  'Vera',
  'Wim',
  'Yara',
  'Zoe',
];
const lastNames = [
  'Novak',
  'Schmidt',
  'Rossi',
  'Dubois',
  'Ivanova',
  'Kowalski',
  'Jensen',
  'Garcia',
  'Petrov',
  'Müller',
  'Horvat',
  'Costa',
  'Berg',
  'Nieminen',
  'Popescu',
  'Smit',
  'Laine',
  'Weber',
  'Moreau',
  'Silva',
];
const companyWords = [
  'Nordic',
  'Alpine',
  'Blue',
  'Quantum',
  'Atlas',
  'Vertex',
  'Harbor',
  'Summit',
  'Polar',
  'Cedar',
  'Orbit',
  'Granite',
  'Crest',
  'Delta',
  'Zenith',
];
const companyKinds = [
  'Logistics',
  'Foods',
  'Clinics',
  'Retail',
  'Energy',
  'Media',
  'Hotels',
  'Motors',
  'Pharma',
  'Bank',
  'Textiles',
  'Builders',
];
const requests = [
  'Office connectivity for',
  'Cloud backup for',
  'Firewall upgrade at',
  'Managed Wi-Fi for',
  'VoIP migration at',
  'Data centre rack for',
  'SD-WAN rollout at',
  'Security audit for',
];

/** A small deterministic generator, so that every demo looks the same. */
function rng(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

export async function loadDemo(app: FastifyInstance, db: Database, log: Logger): Promise<boolean> {
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM leads');
  if (n > 0) return false;
  const [admin] = await db.query<{ id: string }>(
    `SELECT id FROM users WHERE 'crm_admin' = ANY (roles) AND active AND NOT is_integration ORDER BY created_at LIMIT 1`,
  );
  // A short-lived integration identity with the admin role loads the demo and is revoked at the end.
  const token = `ll_${randomToken(32)}`;
  const [tokenUser] = await db.query<{ id: string }>(
    `INSERT INTO users (name, roles, is_integration) VALUES ('Demo loader', '{crm_admin}', true) RETURNING id`,
  );
  const [tokenRow] = await db.query<{ id: string }>(
    `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_by_id) VALUES ($1, 'Demo loader', $2, 'll_demo', $3) RETURNING id`,
    [tokenUser.id, sha256(token), admin?.id ?? null],
  );
  const call = async (
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    body?: unknown,
  ): Promise<LightMyRequestResponse> => {
    const res = await app.inject({
      method,
      url,
      payload: body as object | undefined,
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.statusCode >= 400)
      log.warn({ url, status: res.statusCode, body: res.body.slice(0, 500) }, 'demo step refused');
    return res;
  };
  const ok = async <T>(
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    body?: unknown,
  ): Promise<T | undefined> => {
    const res = await call(method, url, body);
    return res.statusCode < 300 ? (res.json() as T) : undefined;
  };
  const random = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];

  try {
    const unit = async (name: string) => (await ok<{ id: string }>('POST', '/api/v1/units', { name }))?.id;
    const inside = await unit('Inside sales');
    const field = await unit('Field sales');
    const marketing = await unit('Marketing');
    if (inside && field) await call('PATCH', `/api/v1/units/${inside}`, { collaboratingUnitIds: [field] });

    const person = async (
      email: string,
      name: string,
      roles: string[],
      unitIds: (string | undefined)[],
      extra = {},
    ) =>
      (
        await ok<{ id: string }>('POST', '/api/v1/users', {
          email,
          name,
          password: DEMO_PASSWORD,
          roles,
          unitIds: unitIds.filter(Boolean),
          ...extra,
        })
      )?.id;
    const manager = await person('manager@demo.leadline', 'Maria Manager', ['crm_manager'], [inside, field]);
    const sam = await person('sam@demo.leadline', 'Sam Seller', ['crm_sales'], [inside]);
    const sara = await person('sara@demo.leadline', 'Sara Seller', ['crm_sales'], [field]);
    const mark = await person('mark@demo.leadline', 'Mark Marketeer', ['crm_marketeer'], [marketing]);
    const owners = [manager, sam, sara, mark].filter((x): x is string => Boolean(x));

    const product = async (name: string) =>
      (await ok<{ id: string }>('POST', '/api/v1/products', { name }))?.id;
    const catalogue: { direction: string; products: string[] }[] = [];
    for (const [dir, names] of [
      ['Connectivity', ['Fiber 1 Gbit/s', 'SD-WAN', 'Managed Wi-Fi']],
      ['Cloud', ['Cloud backup', 'Virtual servers']],
      ['Security', ['Firewall as a service', 'Security audit']],
    ] as const) {
      const productIds = (await Promise.all(names.map(product))).filter((x): x is string => Boolean(x));
      const d = await ok<{ id: string }>('POST', '/api/v1/sales-directions', { name: dir, productIds });
      if (d) catalogue.push({ direction: d.id, products: productIds });
    }

    const partnerCo = await ok<{ id: string }>('POST', '/api/v1/companies', {
      name: 'Bright Partners GmbH',
      type: 'partner',
      tin: '7701234567',
    });
    const program = catalogue[0]
      ? await ok<{ id: string }>('POST', '/api/v1/partnership-programs', {
          name: 'Reseller program',
          salesDirectionIds: [catalogue[0].direction],
          productIds: catalogue[0].products,
        })
      : undefined;
    const agreement =
      partnerCo && program
        ? await ok<{ id: string }>('POST', '/api/v1/partnership-agreements', {
            number: 'PA-2026-001',
            partnerCompanyId: partnerCo.id,
            programId: program.id,
          })
        : undefined;
    if (partnerCo)
      await person('paula@partner.demo', 'Paula Partner', ['partner'], [], {
        partnerCompanyId: partnerCo.id,
      });

    const sources =
      (await ok<{ items: { id: string; name: string }[] }>('GET', '/api/v1/lead-sources?limit=100'))?.items ??
      [];
    const statuses =
      (await ok<{ items: { id: string; phase: string; name: string }[] }>('GET', '/api/v1/lead-statuses'))
        ?.items ?? [];
    const inProgress = statuses.filter((s) => s.phase === 'in_progress');
    const codes =
      (
        await ok<{ items: { id: string; createsOpportunity: boolean }[] }>(
          'GET',
          '/api/v1/disqualification-codes',
        )
      )?.items ?? [];

    const companies: string[] = [];
    for (let i = 0; i < 40; i++) {
      const name = `${companyWords[i % companyWords.length]} ${companyKinds[(i * 7) % companyKinds.length]}${i >= companyWords.length ? ` ${i}` : ''}`;
      const c = await ok<{ id: string }>('POST', '/api/v1/companies', {
        name,
        website: `https://www.${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`,
        tin: String(5000000000 + i * 7919),
        type: i % 5 === 0 ? 'customer' : 'prospect',
      });
      if (c) companies.push(c.id);
    }

    const qualification = {
      goal: 'Replace the current provider before the contract ends',
      implementationOptions: 'Phased rollout by site',
      procurementProcedure: 'Three quotes, board approval',
      decisionLevel: 'Board',
      terms: 'Q3 this year',
      decisionMaker: 'CFO',
      selectionCriteria: 'Price, SLA, references',
      complianceWithCriteria: 'Meets all but price',
      channel: 'Direct',
    };
    const leads: { id: string; ownerId: string | undefined }[] = [];
    const today = new Date();
    for (let i = 0; i < 300; i++) {
      const first = pick(firstNames);
      const last = pick(lastNames);
      const cat = catalogue.length ? pick(catalogue) : undefined;
      const owner = random() < 0.85 ? pick(owners) : undefined;
      const useCompany = companies.length > 0 && random() < 0.6;
      const companyName = `${pick(companyWords)} ${pick(companyKinds)}`;
      const due = new Date(today.getTime() + Math.round((random() * 90 - 30) * 86_400_000));
      const lead = await ok<{ id: string }>('POST', '/api/v1/leads', {
        name: `${pick(requests)} ${useCompany ? 'site' : companyName} #${i + 1}`,
        sourceId: sources.length ? pick(sources).id : undefined,
        prospectType: random() < 0.15 ? 'person' : 'company',
        ...(useCompany
          ? { companyId: pick(companies) }
          : {
              leadCompanyName: companyName,
              newCompany: true,
              companyName,
              companyWebsite: `https://${companyName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.example`,
              companyTin: String(7000000000 + i * 104729),
            }),
        newContact: true,
        firstName: first,
        lastName: last,
        emails: [`${first}.${last}${i}@example.com`.toLowerCase().replace('ü', 'ue')],
        phones: [`+4930${String(1000000 + i * 37).padStart(7, '0')}`],
        salesDirectionId: cat?.direction,
        productId: cat && random() < 0.7 ? pick(cat.products) : undefined,
        targetAmount: { amount: `${Math.round(random() * 50_000) + 500}.00`, currency: 'EUR' },
        probability: Math.round(random() * 10) * 10,
        priority: pick(['low', 'normal', 'normal', 'high', 'urgent'] as const),
        importance: pick(['low', 'normal', 'high'] as const),
        ownerId: owner,
        unitId: owner ? undefined : pick([inside, field].filter(Boolean)),
        tags: random() < 0.4 ? [pick(['VIP', 'Renewal', 'Trade fair', 'Referral'])] : [],
        expectedCompletionDate: due.toISOString().slice(0, 10),
        score: Math.floor(random() * 6),
        ...(random() < 0.5 ? qualification : {}),
        ...(agreement && cat === catalogue[0] && random() < 0.3
          ? { partnershipAgreementId: agreement.id }
          : {}),
        description: `<p>${first} ${last} asked for an offer. Call back in the morning.</p>`,
      });
      if (lead) leads.push({ id: lead.id, ownerId: owner });
    }

    // Work part of the pipeline so that every phase has leads.
    for (const [i, lead] of leads.entries()) {
      if (!lead.ownerId) continue;
      const roll = i % 10;
      if (roll < 4 && inProgress.length) {
        await call('POST', `/api/v1/leads/${lead.id}/actions/move`, { statusId: pick(inProgress).id });
      } else if (roll === 4) {
        await call('POST', `/api/v1/leads/${lead.id}/actions/move`, { statusId: inProgress[0]?.id });
        await call('PATCH', `/api/v1/leads/${lead.id}`, qualification);
        await call('POST', `/api/v1/leads/${lead.id}/actions/qualify`, {
          opportunity: { city: 'Berlin' },
          convert: { company: 'none', contact: 'none' },
        });
      } else if (roll === 5 && codes.length) {
        await call('POST', `/api/v1/leads/${lead.id}/actions/move`, { statusId: inProgress[0]?.id });
        await call('POST', `/api/v1/leads/${lead.id}/actions/disqualify`, {
          codeId: pick(codes.filter((c) => !c.createsOpportunity)).id,
          reason: 'Chose a competitor on price',
        });
      } else if (roll === 6 && i % 20 === 6) {
        await call('POST', `/api/v1/leads/${lead.id}/actions/drop`, {
          reason: 'Duplicate request from the same site',
        });
      }
      if (i % 15 === 0) {
        await call('POST', `/api/v1/leads/${lead.id}/comments`, {
          body: 'Spoke with the customer; sending a quote tomorrow.',
          icon: 'phone',
          color: '#228be6',
        });
      }
    }
    // Spread the leads over the last three months, each step of a lead's history hours after the one
    // before, so that the dashboard's weeks, months and times in status have something to show.
    await db.query(
      `WITH d AS (
         SELECT id, (14 + abs(hashtext(id::text)) % 84) * interval '1 day' AS back,
                (1 + abs(hashtext(id::text || 'step')) % 48) * interval '1 hour' AS step
           FROM leads),
       r AS (
         SELECT id, dense_rank() OVER (PARTITION BY lead_id ORDER BY at) - 1 AS n FROM lead_events)
       UPDATE lead_events e SET at = e.at - d.back + r.n * d.step FROM d, r
        WHERE e.lead_id = d.id AND r.id = e.id`,
    );
    await db.query(
      `UPDATE leads l SET created_at = l.created_at - (14 + abs(hashtext(l.id::text)) % 84) * interval '1 day'`,
    );
    log.info({ leads: leads.length, companies: companies.length }, 'demo data loaded');
    return true;
  } finally {
    await db.query('UPDATE api_tokens SET revoked_at = now() WHERE id = $1', [tokenRow.id]);
    await db.query('UPDATE users SET active = false WHERE id = $1', [tokenUser.id]);
    // Written here rather than through the API: the memo must not keep the loader's token valid.
    db.memo.clear();
  }
}
