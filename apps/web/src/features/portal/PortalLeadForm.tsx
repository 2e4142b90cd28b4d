import { useRef, useState } from 'react';
import {
  Alert,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { Lead, PartnerPortal } from '@leadline/contract';
import { notifySuccess } from '../../components/notify';
import { ApiError, errorMessage } from '../../lib/api';
import { applyFieldErrors } from '../../lib/forms';
import { personName } from '../../lib/format';
import { createLead, updateLead, useLeadChanged } from '../leads/api';
import { portalNames } from './api';
import { ProductLinesInput } from './ProductLinesInput';

export interface Line {
  productId: string | null;
  quantity: number | string;
}

export interface Values {
  partnershipAgreementId: string | null;
  salesDirectionId: string | null;
  name: string;
  customerRequirements: string;
  companyName: string;
  companyWebsite: string;
  companyTin: string;
  firstName: string;
  lastName: string;
  emails: string;
  phones: string;
  jobTitle: string;
  productLines: Line[];
}

function initialValues(portal: PartnerPortal, lead: Lead | undefined): Values {
  const active = portal.agreements.filter((a) => a.active);
  return {
    partnershipAgreementId: lead ? lead.partnershipAgreementId : active.length === 1 ? active[0].id : null,
    salesDirectionId: lead?.salesDirectionId ?? null,
    name: lead?.name ?? '',
    customerRequirements: lead?.customerRequirements ?? '',
    companyName: lead?.companyName ?? '',
    companyWebsite: lead?.companyWebsite ?? '',
    companyTin: lead?.companyTin ?? '',
    firstName: lead?.firstName ?? '',
    lastName: lead?.lastName ?? '',
    emails: lead?.emails.join(', ') ?? '',
    phones: lead?.phones.join(', ') ?? '',
    jobTitle: lead?.jobTitle ?? '',
    productLines: lead?.productLines.map((l) => ({ productId: l.productId, quantity: l.quantity })) ?? [],
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/**
 * What a partner fills when she registers a lead or changes it: the agreement of her company, the
 * customer's company and contact, the need and the products of her program. The lead source, owner
 * and everything else are the CRM staff's.
 */
export function PortalLeadForm({ portal, lead }: { portal: PartnerPortal; lead?: Lead }) {
  const { t } = useTranslation('portal');
  const navigate = useNavigate();
  const leadChanged = useLeadChanged();
  const names = portalNames(portal);
  const [initial] = useState(() => initialValues(portal, lead));
  const [problem, setProblem] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  // A lead linked by the CRM staff to an existing company or contact keeps them; she changes the rest.
  const ownCompany = !lead || lead.newCompany || !lead.companyId;
  const ownContact = !lead || lead.newContact || !lead.contactId;
  const required = (v: string) => (v.trim() ? null : t('required'));
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: initial,
    validate: {
      partnershipAgreementId: (v) => (v ? null : t('required')),
      salesDirectionId: (v, values) =>
        !v && (names.agreement(values.partnershipAgreementId)?.salesDirections.length ?? 0) > 1
          ? t('required')
          : null,
      name: required,
      companyName: (v) => (ownCompany ? required(v) : null),
      companyWebsite: (v) => (ownCompany ? required(v) : null),
      companyTin: (v) => (ownCompany ? required(v) : null),
      firstName: (v) => (ownContact ? required(v) : null),
      lastName: (v) => (ownContact ? required(v) : null),
      productLines: { productId: (v) => (v ? null : t('required')) },
    },
  });
  const values = form.getValues();
  const agreement = names.agreement(values.partnershipAgreementId);
  const agreementOptions = portal.agreements
    .filter((a) => a.active || a.id === initial.partnershipAgreementId)
    .map((a) => ({ value: a.id, label: t('agreementOf', { number: a.number, program: a.programName }) }));
  const directionOptions = (agreement?.salesDirections ?? []).map((d) => ({ value: d.id, label: d.name }));
  const productOptions = (agreement?.products ?? []).map((p) => ({ value: p.id, label: p.name }));

  const companyKeys = ['companyName', 'companyWebsite', 'companyTin'];
  const contactKeys = ['firstName', 'lastName', 'emails', 'phones', 'jobTitle'];
  const fields = (v: Values): Record<string, unknown> => ({
    partnershipAgreementId: v.partnershipAgreementId,
    salesDirectionId: v.salesDirectionId,
    name: v.name.trim(),
    customerRequirements: orNull(v.customerRequirements),
    productLines: v.productLines.map((l) => ({ productId: l.productId, quantity: Number(l.quantity) || 1 })),
    companyName: orNull(v.companyName),
    companyWebsite: orNull(v.companyWebsite),
    companyTin: orNull(v.companyTin),
    firstName: orNull(v.firstName),
    lastName: orNull(v.lastName),
    emails: v.emails,
    phones: v.phones,
    jobTitle: orNull(v.jobTitle),
  });
  const payload = (v: Values): Record<string, unknown> => {
    const kept = Object.entries(fields(v)).filter(
      ([k, val]) =>
        (ownCompany || !companyKeys.includes(k)) &&
        (ownContact || !contactKeys.includes(k)) &&
        // With one sales direction in the program, the server takes it from the agreement.
        (k !== 'salesDirectionId' || val !== null),
    );
    if (!lead)
      return {
        ...Object.fromEntries(kept),
        newCompany: true,
        newContact: true,
        sourceId: portal.sourceId,
      };
    // A change sends only what she changed, so that what the CRM staff set (prices, say) stays.
    const before = fields(initial);
    return Object.fromEntries(kept.filter(([k, val]) => JSON.stringify(val) !== JSON.stringify(before[k])));
  };

  const showProblem = (message: string) => {
    setProblem(message);
    requestAnimationFrame(() => summaryRef.current?.scrollIntoView({ block: 'center' }));
  };
  const submit = form.onSubmit(
    async (v) => {
      setProblem(null);
      try {
        const saved = lead ? await updateLead(lead, payload(v)) : await createLead(payload(v));
        leadChanged(saved);
        notifySuccess(
          lead ? t('saved', { number: saved.number }) : t('registeredLead', { number: saved.number }),
        );
        navigate(`/leads/${saved.id}`);
      } catch (e) {
        const placed = applyFieldErrors(form, e);
        showProblem(
          e instanceof ApiError && e.status === 422 && placed ? t('checkTheFields') : errorMessage(e),
        );
      }
    },
    () => showProblem(t('checkTheFields')),
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {problem && (
          <Alert ref={summaryRef} color="red" role="alert" title={t('notSaved')}>
            {problem}
          </Alert>
        )}
        {portal.sourceId === null && !lead && <Alert color="yellow">{t('noPortalSource')}</Alert>}
        <Paper withBorder p="sm">
          <Title order={4} mb="xs">
            {t('theNeed')}
          </Title>
          <Stack gap="xs">
            <Select
              label={t('agreement')}
              withAsterisk
              data={agreementOptions}
              nothingFoundMessage={t('noAgreements')}
              {...form.getInputProps('partnershipAgreementId')}
              onChange={(id) => {
                form.setFieldValue('partnershipAgreementId', id);
                const next = names.agreement(id);
                if (!next?.salesDirections.some((d) => d.id === form.getValues().salesDirectionId))
                  form.setFieldValue('salesDirectionId', null);
                form.setFieldValue(
                  'productLines',
                  form
                    .getValues()
                    .productLines.filter((l) => next?.products.some((p) => p.id === l.productId)),
                );
              }}
            />
            {directionOptions.length > 1 && (
              <Select
                label={t('salesDirection')}
                withAsterisk
                data={directionOptions}
                {...form.getInputProps('salesDirectionId')}
              />
            )}
            <TextInput
              label={t('leadName')}
              description={t('leadNameHint')}
              withAsterisk
              data-autofocus
              {...form.getInputProps('name')}
            />
            <Textarea
              label={t('need')}
              description={t('needHint')}
              autosize
              minRows={3}
              {...form.getInputProps('customerRequirements')}
            />
            <ProductLinesInput form={form} options={productOptions} agreementChosen={!!agreement} />
          </Stack>
        </Paper>
        <Paper withBorder p="sm">
          <Title order={4} mb="xs">
            {t('customerCompany')}
          </Title>
          {ownCompany ? (
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
              <TextInput label={t('company')} withAsterisk {...form.getInputProps('companyName')} />
              <TextInput
                label={t('companyWebsite')}
                withAsterisk
                placeholder="https://"
                {...form.getInputProps('companyWebsite')}
              />
              <TextInput
                label={t('companyTin')}
                withAsterisk
                inputMode="numeric"
                {...form.getInputProps('companyTin')}
              />
            </SimpleGrid>
          ) : (
            <Text size="sm">{lead ? names.company(lead) : null}</Text>
          )}
        </Paper>
        <Paper withBorder p="sm">
          <Title order={4} mb="xs">
            {t('contact')}
          </Title>
          {ownContact ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              <TextInput label={t('firstName')} withAsterisk {...form.getInputProps('firstName')} />
              <TextInput label={t('lastName')} withAsterisk {...form.getInputProps('lastName')} />
              <TextInput
                label={t('emails')}
                description={t('commaSeparated')}
                type="text"
                inputMode="email"
                {...form.getInputProps('emails')}
              />
              <TextInput
                label={t('phones')}
                description={t('commaSeparated')}
                inputMode="tel"
                {...form.getInputProps('phones')}
              />
              <TextInput label={t('jobTitle')} {...form.getInputProps('jobTitle')} />
            </SimpleGrid>
          ) : (
            <Text size="sm">{lead ? personName(lead) : null}</Text>
          )}
        </Paper>
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={() => navigate(lead ? `/leads/${lead.id}` : '/leads')}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={form.submitting}>
            {lead ? t('saveChanges') : t('registerLead')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
