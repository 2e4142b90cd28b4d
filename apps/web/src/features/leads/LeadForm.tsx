import { useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  ActionIcon,
  Alert,
  Autocomplete,
  Button,
  Checkbox,
  Grid,
  Group,
  NumberInput,
  Paper,
  Radio,
  Rating,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { levels, type Company, type Contact, type Lead } from '@leadline/contract';
import { api, isStale } from '../../lib/api';
import { openStaleDialog } from '../../components/StaleDialog';
import { applyFieldErrors } from '../../lib/forms';
import { req, reqIf } from '../../lib/required';
import { toOptions, useUnits, useUsers } from '../../lib/queries';
import { refOptions, useRefList, type RefItem } from '../../lib/refs';
import { RemoteSelect } from '../../components/RemoteSelect';
import { ErrorState } from '../../components/States';
import { useUnsavedChangesWarning } from '../../components/useUnsavedChangesWarning';
import { useSession } from '../../app/auth';
import { errorAliases, type LeadFormValues } from './leadFormModel';
import { mayChooseOwner } from './permissions';

export function Section({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={4} mb="sm" id={id}>
        {title}
      </Title>
      {children}
    </Paper>
  );
}

const levelOptions = levels.map((l) => ({ value: l, label: l[0].toUpperCase() + l.slice(1) }));

interface SalesDirectionItem extends RefItem {
  productIds: string[];
}
interface ProgramItem extends RefItem {
  salesDirectionIds: string[];
  productIds: string[];
}
interface AgreementItem extends RefItem {
  number: string;
  partnerCompanyId: string;
  programId: string;
}
interface LeadTypeItem extends RefItem {
  priority: string | null;
  importance: string | null;
  estimatedCompletionDays: number | null;
}

interface Props {
  lead: Lead | null;
  initial: LeadFormValues;
  submitLabel: string;
  onSubmit: (values: LeadFormValues) => Promise<void>;
  onCancel: () => void;
}

/**
 * The lead form, in the sections of the product: fields appear and become mandatory as the flags say,
 * choices are narrowed by what is already chosen, and the server's field errors land on their fields.
 */
export function LeadForm({ lead, initial, submitLabel, onSubmit, onCancel }: Props) {
  const form = useForm<LeadFormValues>({ initialValues: initial });
  const [general, setGeneral] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const qc = useQueryClient();
  const v = form.values;
  useUnsavedChangesWarning(form.isDirty() && !saved && !form.submitting);

  const { user } = useSession();
  const ownerEditable = user ? mayChooseOwner(lead, user) : false;
  const users = useUsers();
  const units = useUnits();
  const sources = useRefList('/lead-sources');
  const leadTypes = useRefList<LeadTypeItem>('/lead-types');
  const industries = useRefList('/industries');
  const directions = useRefList<SalesDirectionItem>('/sales-directions');
  const products = useRefList('/products');
  const campaigns = useRefList('/marketing-campaigns');
  const programs = useRefList<ProgramItem>('/partnership-programs');
  const agreements = useRefList<AgreementItem>('/partnership-agreements');
  const agencies = useRefList('/agencies');
  const groupCompanies = useRefList('/group-companies');
  const categories = useRefList('/categories');
  const functions = useRefList('/functions');
  const departments = useRefList('/departments');
  const tags = useRefList('/tags');

  // Service/Product: only those of the chosen sales direction (rule 3).
  const direction = directions.data?.find((d) => d.id === v.salesDirectionId);
  const productOptions = useMemo(
    () =>
      refOptions(products.data, v.productId).filter(
        (p) => !direction || direction.productIds.length === 0 || direction.productIds.includes(p.value),
      ),
    [products.data, direction, v.productId],
  );
  // Partnership agreement: only those whose program has the chosen direction and product (rule 5).
  const agreementOptions = useMemo(() => {
    const programById = new Map((programs.data ?? []).map((p) => [p.id, p]));
    return (agreements.data ?? [])
      .filter((a) => a.active !== false || a.id === v.partnershipAgreementId)
      .filter((a) => {
        const p = programById.get(a.programId);
        if (!p) return true;
        if (v.salesDirectionId && !p.salesDirectionIds.includes(v.salesDirectionId)) return false;
        if (v.productId && p.productIds.length > 0 && !p.productIds.includes(v.productId)) return false;
        return true;
      })
      .map((a) => ({ value: a.id, label: a.number ?? a.name }));
  }, [agreements.data, programs.data, v.salesDirectionId, v.productId, v.partnershipAgreementId]);
  const agreement = agreements.data?.find((a) => a.id === v.partnershipAgreementId);
  const partnerCompany = useQuery({
    queryKey: ['/companies', agreement?.partnerCompanyId],
    queryFn: () => api<Company>('GET', `/companies/${agreement!.partnerCompanyId}`),
    enabled: !!agreement?.partnerCompanyId,
  });

  // A change of direction clears a product it does not list (rule 3).
  useEffect(() => {
    if (
      v.productId &&
      direction &&
      direction.productIds.length > 0 &&
      !direction.productIds.includes(v.productId)
    )
      form.setFieldValue('productId', null);
    if (!v.salesDirectionId && v.productId && directions.data?.length) form.setFieldValue('productId', null);
  }, [v.salesDirectionId, direction]);

  const isCompany = v.prospectType === 'company';
  const activeOwners = toOptions(users.data?.items.filter((u) => u.active || u.id === v.ownerId));
  const linesTotal = v.productLines.reduce(
    (s, l) => s + (Number(l.quantity) || 0) * (Number(l.price) || 0),
    0,
  );

  const submit = form.onSubmit(async (values) => {
    setGeneral(null);
    try {
      setSaved(true);
      await onSubmit(values);
    } catch (e) {
      setSaved(false);
      if (isStale(e)) openStaleDialog(() => void qc.invalidateQueries({ queryKey: ['leads'] }));
      if (!applyFieldErrors(form, e, errorAliases)) setGeneral(e);
      const first = document.querySelector('[data-error="true"], [aria-invalid="true"]');
      first?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    }
  });

  const leadTypeChanged = (id: string | null) => {
    form.setFieldValue('leadTypeId', id);
    const type = leadTypes.data?.find((t) => t.id === id);
    if (type && !lead) {
      // A lead type gives the defaults of priority, importance and estimated time.
      if (type.priority) form.setFieldValue('priority', type.priority as LeadFormValues['priority']);
      if (type.importance) form.setFieldValue('importance', type.importance as LeadFormValues['importance']);
      if (type.estimatedCompletionDays !== null && type.estimatedCompletionDays !== undefined)
        form.setFieldValue('estimatedCompletionDays', type.estimatedCompletionDays);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label={lead ? `Edit lead ${lead.number}` : 'New lead'}>
      <Stack gap="sm">
        {general !== null && <ErrorState error={general} title="Not saved" />}
        {lead && !lead.active && (
          <Alert color="gray">This lead is inactive: it is read-only until it is activated again.</Alert>
        )}
        <Grid gutter="sm">
          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Stack gap="sm">
              <Section title="Identity" id="sec-identity">
                <Stack gap="xs">
                  <TextInput label="Name" {...req} data-autofocus {...form.getInputProps('name')} />
                  <SimpleGrid cols={2} spacing="xs">
                    <Select
                      label="Lead source"
                      {...req}
                      searchable
                      data={refOptions(sources.data, v.sourceId)}
                      {...form.getInputProps('sourceId')}
                    />
                    <Select
                      label="Lead type"
                      clearable
                      searchable
                      data={refOptions(leadTypes.data, v.leadTypeId)}
                      {...form.getInputProps('leadTypeId')}
                      onChange={leadTypeChanged}
                    />
                  </SimpleGrid>
                  <Textarea
                    label="Description"
                    autosize
                    minRows={2}
                    maxRows={8}
                    {...form.getInputProps('description')}
                  />
                  <Textarea
                    label="Customer requirements"
                    autosize
                    minRows={2}
                    maxRows={6}
                    {...form.getInputProps('customerRequirements')}
                  />
                  <TagsInput
                    label="Tags"
                    data={(tags.data ?? []).map((t) => t.name)}
                    clearable
                    {...form.getInputProps('tags')}
                  />
                </Stack>
              </Section>

              <Section title="Company" id="sec-company">
                <Stack gap="xs">
                  <Radio.Group label="Prospect type" {...form.getInputProps('prospectType')}>
                    <Group gap="md" mt={4}>
                      <Radio value="company" label="Company" />
                      <Radio value="person" label="Person" />
                    </Group>
                  </Radio.Group>
                  <TextInput label="Lead company name" {...form.getInputProps('leadCompanyName')} />
                  <Checkbox label="New company" {...form.getInputProps('newCompany', { type: 'checkbox' })} />
                  {!v.newCompany && (
                    <RemoteSelect<Company>
                      label="Existing company"
                      {...reqIf(isCompany)}
                      path="/companies"
                      labelOf={(c) => (c.tin ? `${c.name} · ${c.tin}` : c.name)}
                      value={v.companyId}
                      onChange={(id) => {
                        form.setFieldValue('companyId', id);
                        if (id !== v.companyId) form.setFieldValue('contactId', null);
                      }}
                      error={form.errors.companyId}
                    />
                  )}
                  {v.newCompany && (
                    <>
                      <TextInput label="Company name" {...req} {...form.getInputProps('companyName')} />
                      <SimpleGrid cols={2} spacing="xs">
                        <TextInput
                          label="Company website"
                          {...req}
                          {...form.getInputProps('companyWebsite')}
                        />
                        <TextInput
                          label="Company TIN"
                          {...req}
                          description="9, 10 or 12 digits"
                          {...form.getInputProps('companyTin')}
                        />
                        <Select
                          label="Industry sector"
                          clearable
                          searchable
                          data={refOptions(industries.data, v.industryId)}
                          {...form.getInputProps('industryId')}
                        />
                        <TextInput label="Size" {...form.getInputProps('companySize')} />
                      </SimpleGrid>
                      <Checkbox
                        label="Key account"
                        {...form.getInputProps('keyAccount', { type: 'checkbox' })}
                      />
                    </>
                  )}
                  {!v.newCompany && (v.companyTin || v.companyWebsite) && (
                    <SimpleGrid cols={2} spacing="xs">
                      <TextInput label="Company website" {...form.getInputProps('companyWebsite')} />
                      <TextInput label="Company TIN" {...form.getInputProps('companyTin')} />
                    </SimpleGrid>
                  )}
                </Stack>
              </Section>

              <Section title="Contact" id="sec-contact">
                <Stack gap="xs">
                  <Checkbox label="New contact" {...form.getInputProps('newContact', { type: 'checkbox' })} />
                  {!v.newContact && (
                    <RemoteSelect<Contact>
                      label="Existing contact"
                      {...req}
                      path="/contacts"
                      params={{ companyId: v.companyId ?? undefined }}
                      labelOf={(c) => [c.firstName, c.middleName, c.lastName].filter(Boolean).join(' ')}
                      value={v.contactId}
                      onChange={(id) => form.setFieldValue('contactId', id)}
                      error={form.errors.contactId}
                      description={v.companyId ? 'Contacts of the chosen company' : undefined}
                    />
                  )}
                  {v.newContact && (
                    <>
                      <SimpleGrid cols={3} spacing="xs">
                        <TextInput label="First name" {...req} {...form.getInputProps('firstName')} />
                        <TextInput label="Middle name" {...form.getInputProps('middleName')} />
                        <TextInput label="Last name" {...req} {...form.getInputProps('lastName')} />
                      </SimpleGrid>
                      <SimpleGrid cols={2} spacing="xs">
                        <TextInput
                          label="Emails"
                          description="Several? Separate them with commas."
                          {...form.getInputProps('emails')}
                        />
                        <TextInput
                          label="Phones"
                          description="Several? Separate them with commas."
                          {...form.getInputProps('phones')}
                        />
                      </SimpleGrid>
                      <Group gap="lg">
                        <Checkbox
                          label="Do not email"
                          {...form.getInputProps('doNotEmail', { type: 'checkbox' })}
                        />
                        <Checkbox
                          label="Do not call"
                          {...form.getInputProps('doNotCall', { type: 'checkbox' })}
                        />
                      </Group>
                    </>
                  )}
                  <SimpleGrid cols={2} spacing="xs">
                    <Autocomplete
                      label="Job title"
                      data={(functions.data ?? []).map((f) => f.name)}
                      {...form.getInputProps('jobTitle')}
                    />
                    <Autocomplete
                      label="Department"
                      data={(departments.data ?? []).map((f) => f.name)}
                      {...form.getInputProps('department')}
                    />
                  </SimpleGrid>
                </Stack>
              </Section>

              <Section title="Address" id="sec-address">
                <SimpleGrid cols={2} spacing="xs">
                  <TextInput label="Street" {...form.getInputProps('address.street')} />
                  <TextInput label="Postal code" {...form.getInputProps('address.postalCode')} />
                  <CityInput
                    value={v.address.city}
                    onChange={(c) => form.setFieldValue('address.city', c)}
                    error={form.errors['address.city']}
                  />
                  <TextInput label="Region" {...form.getInputProps('address.region')} />
                  <TextInput label="Country" {...form.getInputProps('address.country')} />
                </SimpleGrid>
              </Section>
            </Stack>
          </Grid.Col>

          <Grid.Col span={{ base: 12, lg: 6 }}>
            <Stack gap="sm">
              <Section title="Sales" id="sec-sales">
                <Stack gap="xs">
                  <SimpleGrid cols={2} spacing="xs">
                    <Select
                      label="Sales direction"
                      {...req}
                      clearable
                      searchable
                      data={refOptions(directions.data, v.salesDirectionId)}
                      {...form.getInputProps('salesDirectionId')}
                    />
                    <Select
                      label="Service/Product"
                      clearable
                      searchable
                      data={productOptions}
                      {...form.getInputProps('productId')}
                    />
                  </SimpleGrid>
                  <ProductLines form={form} products={products.data ?? []} />
                  <SimpleGrid cols={3} spacing="xs">
                    <NumberInput
                      label="Target amount"
                      min={0}
                      decimalScale={2}
                      thousandSeparator=" "
                      placeholder={linesTotal > 0 ? linesTotal.toFixed(2) : undefined}
                      {...form.getInputProps('targetAmount')}
                    />
                    <TextInput label="Currency" maxLength={3} {...form.getInputProps('targetCurrency')} />
                    <NumberInput
                      label="Probability to win"
                      min={0}
                      max={100}
                      suffix=" %"
                      {...form.getInputProps('probability')}
                    />
                    <Select label="Priority" data={levelOptions} {...form.getInputProps('priority')} />
                    <Select label="Importance" data={levelOptions} {...form.getInputProps('importance')} />
                    <Select
                      label="Marketing campaign"
                      clearable
                      searchable
                      data={refOptions(campaigns.data, v.marketingCampaignId)}
                      {...form.getInputProps('marketingCampaignId')}
                    />
                  </SimpleGrid>
                  <SimpleGrid cols={2} spacing="xs">
                    <TextInput
                      label="Content distribution channel"
                      {...form.getInputProps('contentChannel')}
                    />
                    <TextInput label="External client ID" {...form.getInputProps('externalClientId')} />
                  </SimpleGrid>
                </Stack>
              </Section>

              <Section title="Partner" id="sec-partner">
                <SimpleGrid cols={2} spacing="xs">
                  <Select
                    label="Partnership agreement"
                    clearable
                    searchable
                    data={agreementOptions}
                    {...form.getInputProps('partnershipAgreementId')}
                  />
                  <TextInput
                    label="Partner company"
                    readOnly
                    value={partnerCompany.data?.name ?? ''}
                    variant="filled"
                  />
                  <RemoteSelect<Contact>
                    label="Partner contact"
                    path="/contacts"
                    params={{ companyId: agreement?.partnerCompanyId }}
                    labelOf={(c) => [c.firstName, c.lastName].filter(Boolean).join(' ')}
                    value={v.partnerContactId}
                    onChange={(id) => form.setFieldValue('partnerContactId', id)}
                    error={form.errors.partnerContactId}
                  />
                </SimpleGrid>
              </Section>

              <Section title="Follow-up" id="sec-followup">
                <Stack gap="xs">
                  <SimpleGrid cols={2} spacing="xs">
                    <Select
                      label="Owner"
                      clearable
                      searchable
                      data={activeOwners}
                      disabled={!ownerEditable}
                      {...form.getInputProps('ownerId')}
                    />
                    <Select
                      label="Unit"
                      clearable
                      searchable
                      data={toOptions(units.data?.items)}
                      disabled={!ownerEditable}
                      {...form.getInputProps('unitId')}
                    />
                    <Select
                      label="Agency"
                      clearable
                      searchable
                      data={refOptions(agencies.data, v.agencyId)}
                      {...form.getInputProps('agencyId')}
                    />
                    <Select
                      label="Company of the group"
                      clearable
                      searchable
                      data={refOptions(groupCompanies.data, v.groupCompanyId)}
                      {...form.getInputProps('groupCompanyId')}
                    />
                    <Select
                      label="Category"
                      clearable
                      searchable
                      data={refOptions(categories.data, v.categoryId)}
                      {...form.getInputProps('categoryId')}
                    />
                    <Stack gap={2}>
                      <Text size="xs" fw={500} id="score-label">
                        Score
                      </Text>
                      <Rating
                        aria-labelledby="score-label"
                        {...form.getInputProps('score')}
                        onChange={(s) => form.setFieldValue('score', s)}
                      />
                    </Stack>
                  </SimpleGrid>
                  <Checkbox label="Nurturing" {...form.getInputProps('nurturing', { type: 'checkbox' })} />
                </Stack>
              </Section>

              <Section title="Key dates" id="sec-dates">
                <SimpleGrid cols={2} spacing="xs">
                  <NumberInput
                    label="Estimated completion time"
                    description="Days"
                    min={0}
                    max={3650}
                    {...form.getInputProps('estimatedCompletionDays')}
                  />
                  <TextInput
                    label="Expected completion date"
                    type="date"
                    description="Empty: start date + estimated time"
                    {...form.getInputProps('expectedCompletionDate')}
                  />
                </SimpleGrid>
              </Section>

              <Section title="Qualification" id="sec-qualification">
                <SimpleGrid cols={2} spacing="xs">
                  <Textarea label="Goal" autosize minRows={1} {...form.getInputProps('goal')} />
                  <Textarea
                    label="Implementation options"
                    autosize
                    minRows={1}
                    {...form.getInputProps('implementationOptions')}
                  />
                  <Textarea
                    label="Procurement procedure"
                    autosize
                    minRows={1}
                    {...form.getInputProps('procurementProcedure')}
                  />
                  <Textarea
                    label="Decision level"
                    autosize
                    minRows={1}
                    {...form.getInputProps('decisionLevel')}
                  />
                  <Textarea label="Terms" autosize minRows={1} {...form.getInputProps('terms')} />
                  <Textarea
                    label="Decision maker"
                    autosize
                    minRows={1}
                    {...form.getInputProps('decisionMaker')}
                  />
                  <Textarea
                    label="Selection criteria"
                    autosize
                    minRows={1}
                    {...form.getInputProps('selectionCriteria')}
                  />
                  <Textarea
                    label="Compliance with criteria"
                    autosize
                    minRows={1}
                    {...form.getInputProps('complianceWithCriteria')}
                  />
                  <Textarea label="Channel" autosize minRows={1} {...form.getInputProps('channel')} />
                </SimpleGrid>
              </Section>
            </Stack>
          </Grid.Col>
        </Grid>
        <Paper withBorder p="sm" style={{ position: 'sticky', bottom: 0, zIndex: 5 }} shadow="sm">
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {form.isDirty() ? 'Unsaved changes' : 'No changes yet'}
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={onCancel}>
                Cancel
              </Button>
              <Button type="submit" loading={form.submitting}>
                {submitLabel}
              </Button>
            </Group>
          </Group>
        </Paper>
      </Stack>
    </form>
  );
}

function CityInput(props: { value: string; onChange: (v: string) => void; error?: ReactNode }) {
  const cities = useRefList('/cities', props.value ? { q: props.value } : {});
  return (
    <Autocomplete
      label="City"
      data={[...new Set((cities.data ?? []).map((c) => c.name))].slice(0, 20)}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
    />
  );
}

function ProductLines({
  form,
  products,
}: {
  form: ReturnType<typeof useForm<LeadFormValues>>;
  products: RefItem[];
}) {
  const lines = form.values.productLines;
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text size="xs" fw={500}>
          Products of interest
        </Text>
        <Button
          variant="subtle"
          size="compact-xs"
          leftSection={<IconPlus size={12} />}
          onClick={() => form.insertListItem('productLines', { productId: null, quantity: 1, price: '' })}
        >
          Add product
        </Button>
      </Group>
      {lines.map((_, i) => (
        <Group key={i} gap={4} wrap="nowrap" align="flex-start">
          <Select
            aria-label={`Product ${i + 1}`}
            placeholder="Product"
            searchable
            data={refOptions(products)}
            style={{ flex: 3 }}
            {...form.getInputProps(`productLines.${i}.productId`)}
          />
          <NumberInput
            aria-label={`Quantity ${i + 1}`}
            placeholder="Qty"
            min={0}
            style={{ flex: 1 }}
            {...form.getInputProps(`productLines.${i}.quantity`)}
          />
          <NumberInput
            aria-label={`Price ${i + 1}`}
            placeholder="Price"
            min={0}
            decimalScale={2}
            style={{ flex: 1.5 }}
            {...form.getInputProps(`productLines.${i}.price`)}
          />
          <ActionIcon
            aria-label={`Remove product ${i + 1}`}
            onClick={() => form.removeListItem('productLines', i)}
            mt={4}
          >
            <IconTrash size={14} />
          </ActionIcon>
        </Group>
      ))}
    </Stack>
  );
}
