import { useEffect, useMemo, useState } from 'react';
import {
  ActionIcon,
  Anchor,
  Button,
  Checkbox,
  Code,
  Grid,
  Group,
  Paper,
  Select,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import {
  webFormFieldKeys,
  webFormFieldLabels,
  type FieldError,
  type WebForm,
  type WebFormCreate,
  type WebFormField,
  type WebFormFieldKey,
} from '@leadline/contract';
import { EmptyState, ErrorState, LoadingState } from '../../components/States';
import { notifyError, notifySuccess } from '../../components/notify';
import { ApiError } from '../../lib/api';
import { toOptions, useUnits, useUsers } from '../../lib/queries';
import { refOptions, useRefList } from '../../lib/refs';
import { intakeKeys, saveWebForm, useWebForms } from './api';
import { Copy, FormPreview } from './FormPreview';
import { useTargetLabels } from './useTargetLabels';

const hostedUrl = (slug: string) => `${window.location.origin}/forms/${slug}`;
const embedSnippet = (f: { slug: string; name: string }) =>
  `<iframe src="${hostedUrl(f.slug)}" title="${f.name.replace(/"/g, '&quot;')}" style="width:100%;min-height:640px;border:0" loading="lazy"></iframe>`;

interface Draft {
  name: string;
  slug: string;
  fields: { key: WebFormFieldKey; label: string; required: boolean }[];
  sourceId: string | null;
  marketingCampaignId: string | null;
  salesDirectionId: string | null;
  ownerId: string | null;
  unitId: string | null;
  thankYou: string;
  redirectUrl: string;
  consentText: string;
  allowedOrigins: string[];
  active: boolean;
}

const draftOf = (f: WebForm | undefined): Draft => ({
  name: f?.name ?? '',
  slug: f?.slug ?? '',
  fields: f?.fields.map((x) => ({ key: x.key, label: x.label ?? '', required: x.required })) ?? [
    { key: 'firstName', label: '', required: true },
    { key: 'lastName', label: '', required: true },
    { key: 'emails', label: '', required: true },
    { key: 'phones', label: '', required: false },
    { key: 'description', label: '', required: false },
  ],
  sourceId: f?.sourceId ?? null,
  marketingCampaignId: f?.marketingCampaignId ?? null,
  salesDirectionId: f?.salesDirectionId ?? null,
  ownerId: f?.ownerId ?? null,
  unitId: f?.unitId ?? null,
  thankYou: f?.thankYou ?? '',
  redirectUrl: f?.redirectUrl ?? '',
  consentText: f?.consentText ?? '',
  allowedOrigins: f?.allowedOrigins ?? [],
  active: f?.active ?? true,
});

const bodyOf = (d: Draft): WebFormCreate => ({
  name: d.name,
  slug: d.slug,
  fields: d.fields.map((f): WebFormField => ({
    key: f.key,
    label: f.label.trim() || null,
    required: f.required,
  })),
  sourceId: d.sourceId,
  marketingCampaignId: d.marketingCampaignId,
  salesDirectionId: d.salesDirectionId,
  ownerId: d.ownerId,
  unitId: d.unitId,
  thankYou: d.thankYou.trim() || null,
  redirectUrl: d.redirectUrl.trim() || null,
  consentText: d.consentText.trim() || null,
  allowedOrigins: d.allowedOrigins,
  active: d.active,
});

const slugify = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);

/** The designer of one web form: its fields, where its leads go, consent, embedding; beside a live preview. */
export function WebFormDesigner() {
  const { t } = useTranslation('intake');
  const { id } = useParams();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const forms = useWebForms();
  const form = id ? forms.data?.items.find((f) => f.id === id) : undefined;
  const [draft, setDraft] = useState<Draft>(() => draftOf(undefined));
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [slugTouched, setSlugTouched] = useState(false);
  const labels = useTargetLabels();
  const sources = useRefList('/lead-sources');
  const campaigns = useRefList('/marketing-campaigns');
  const directions = useRefList('/sales-directions');
  const users = useUsers();
  const units = useUnits();

  useEffect(() => {
    if (form) {
      setDraft(draftOf(form));
      setSlugTouched(true);
    }
  }, [form]);

  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setDraft((d) => ({ ...d, [k]: v }));
  const errorOf = (field: string) =>
    errors
      .filter((e) => e.field === field || e.field.startsWith(`${field}.`))
      .map((e) => e.message)
      .join('; ') || undefined;

  const save = useMutation({
    mutationFn: () => saveWebForm(form ?? null, bodyOf(draft)),
    onSuccess: (saved) => {
      setErrors([]);
      void qc.invalidateQueries({ queryKey: intakeKeys.webForms });
      notifySuccess(t('forms.saved', { name: saved.name }));
      if (!form) navigate(`/settings/web-forms/${saved.id}`, { replace: true });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.fieldErrors.length) setErrors(e.fieldErrors);
      notifyError(e, t('forms.notSaved'));
    },
  });

  const fieldLabel = (k: WebFormFieldKey) =>
    k === 'street' || k === 'postalCode' || k === 'city' || k === 'region' || k === 'country'
      ? labels[`address.${k}`]
      : labels[k];
  const unused = webFormFieldKeys.filter((k) => !draft.fields.some((f) => f.key === k));
  const move = (i: number, by: number) =>
    setDraft((d) => {
      const fields = [...d.fields];
      const [f] = fields.splice(i, 1);
      fields.splice(i + by, 0, f);
      return { ...d, fields };
    });
  const patchField = (i: number, change: Partial<Draft['fields'][number]>) =>
    setDraft((d) => ({ ...d, fields: d.fields.map((f, j) => (j === i ? { ...f, ...change } : f)) }));

  const consentChanged = !!form && (form.consentText ?? '') !== draft.consentText.trim();
  const preview = useMemo(() => draft, [draft]);

  if (id && forms.isLoading) return <LoadingState />;
  if (id && forms.isError) return <ErrorState error={forms.error} onRetry={() => void forms.refetch()} />;
  if (id && !form) return <EmptyState title={t('forms.notFound')} />;

  return (
    <Grid gutter="md">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={3}>{form ? form.name : t('forms.new')}</Title>
            <Button component={Link} to="/settings/web-forms" variant="default">
              {t('forms.all')}
            </Button>
          </Group>
          <Paper withBorder p="md">
            <Stack gap="sm">
              <TextInput
                label={t('forms.name')}
                required
                value={draft.name}
                error={errorOf('name')}
                onChange={(e) => {
                  const name = e.currentTarget.value;
                  setDraft((d) => ({ ...d, name, slug: slugTouched ? d.slug : slugify(name) }));
                }}
              />
              <TextInput
                label={t('forms.slug')}
                description={t('forms.slugHint')}
                required
                value={draft.slug}
                error={errorOf('slug')}
                onChange={(e) => {
                  setSlugTouched(true);
                  set('slug', e.currentTarget.value);
                }}
              />
              <Switch
                label={t('forms.activeLabel')}
                checked={draft.active}
                onChange={(e) => set('active', e.currentTarget.checked)}
              />
            </Stack>
          </Paper>

          <Paper withBorder p="md">
            <Stack gap="xs">
              <Text fw={600}>{t('forms.fields')}</Text>
              {errorOf('fields') && (
                <Text size="sm" c="red">
                  {errorOf('fields')}
                </Text>
              )}
              {draft.fields.map((f, i) => (
                <Group key={f.key} gap="xs" wrap="nowrap" align="flex-end">
                  <TextInput
                    style={{ flex: 1, minWidth: 0 }}
                    label={fieldLabel(f.key)}
                    placeholder={webFormFieldLabels[f.key]}
                    description={t('forms.labelHint')}
                    aria-label={t('forms.labelOf', { field: fieldLabel(f.key) })}
                    value={f.label}
                    onChange={(e) => patchField(i, { label: e.currentTarget.value })}
                  />
                  <Checkbox
                    mb={8}
                    label={t('forms.required')}
                    aria-label={t('forms.requiredOf', { field: fieldLabel(f.key) })}
                    checked={f.required}
                    onChange={(e) => patchField(i, { required: e.currentTarget.checked })}
                  />
                  <ActionIcon
                    variant="subtle"
                    mb={4}
                    disabled={i === 0}
                    aria-label={t('forms.moveUp', { field: fieldLabel(f.key) })}
                    onClick={() => move(i, -1)}
                  >
                    <IconArrowUp size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    mb={4}
                    disabled={i === draft.fields.length - 1}
                    aria-label={t('forms.moveDown', { field: fieldLabel(f.key) })}
                    onClick={() => move(i, 1)}
                  >
                    <IconArrowDown size={16} />
                  </ActionIcon>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mb={4}
                    aria-label={t('forms.remove', { field: fieldLabel(f.key) })}
                    onClick={() => setDraft((d) => ({ ...d, fields: d.fields.filter((_, j) => j !== i) }))}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              ))}
              {unused.length > 0 && (
                <Select
                  aria-label={t('forms.addField')}
                  placeholder={t('forms.addField')}
                  data={unused.map((k) => ({ value: k, label: fieldLabel(k) }))}
                  value={null}
                  onChange={(k) =>
                    k &&
                    setDraft((d) => ({
                      ...d,
                      fields: [...d.fields, { key: k as WebFormFieldKey, label: '', required: false }],
                    }))
                  }
                  maw={320}
                />
              )}
            </Stack>
          </Paper>

          <Paper withBorder p="md">
            <Stack gap="sm">
              <Text fw={600}>{t('forms.leads')}</Text>
              <Select
                label={labels.sourceId}
                data={refOptions(sources.data, draft.sourceId)}
                value={draft.sourceId}
                onChange={(v) => set('sourceId', v)}
                clearable
                searchable
                error={errorOf('sourceId')}
              />
              <Select
                label={labels.marketingCampaignId}
                data={refOptions(campaigns.data, draft.marketingCampaignId)}
                value={draft.marketingCampaignId}
                onChange={(v) => set('marketingCampaignId', v)}
                clearable
                searchable
                error={errorOf('marketingCampaignId')}
              />
              <Select
                label={labels.salesDirectionId}
                data={refOptions(directions.data, draft.salesDirectionId)}
                value={draft.salesDirectionId}
                onChange={(v) => set('salesDirectionId', v)}
                clearable
                searchable
                error={errorOf('salesDirectionId')}
              />
              <Select
                label={labels.ownerId}
                data={toOptions(users.data?.items, true)}
                value={draft.ownerId}
                onChange={(v) => set('ownerId', v)}
                clearable
                searchable
                error={errorOf('ownerId')}
              />
              <Select
                label={labels.unitId}
                data={toOptions(units.data?.items)}
                value={draft.unitId}
                onChange={(v) => set('unitId', v)}
                clearable
                searchable
                error={errorOf('unitId')}
              />
            </Stack>
          </Paper>

          <Paper withBorder p="md">
            <Stack gap="sm">
              <Text fw={600}>{t('forms.afterSending')}</Text>
              <Textarea
                label={t('forms.thankYou')}
                autosize
                minRows={2}
                value={draft.thankYou}
                error={errorOf('thankYou')}
                onChange={(e) => set('thankYou', e.currentTarget.value)}
              />
              <TextInput
                label={t('forms.redirectUrl')}
                description={t('forms.redirectHint')}
                placeholder="https://www.example.com/thanks"
                value={draft.redirectUrl}
                error={errorOf('redirectUrl')}
                onChange={(e) => set('redirectUrl', e.currentTarget.value)}
              />
              <Textarea
                label={t('forms.consent')}
                description={
                  form
                    ? consentChanged
                      ? t('forms.consentNextVersion', { version: form.consentVersion + 1 })
                      : t('forms.consentVersion', { version: form.consentVersion })
                    : t('forms.consentHint')
                }
                autosize
                minRows={2}
                value={draft.consentText}
                error={errorOf('consentText')}
                onChange={(e) => set('consentText', e.currentTarget.value)}
              />
              <TagsInput
                label={t('forms.origins')}
                description={t('forms.originsHint')}
                placeholder="https://www.example.com"
                value={draft.allowedOrigins}
                error={errorOf('allowedOrigins')}
                onChange={(v) => set('allowedOrigins', v)}
              />
            </Stack>
          </Paper>
          <Group justify="flex-end">
            <Button loading={save.isPending} onClick={() => save.mutate()}>
              {form ? t('forms.save') : t('forms.create')}
            </Button>
          </Group>
        </Stack>
      </Grid.Col>

      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="sm" style={{ position: 'sticky', top: 60 }}>
          {form && (
            <Paper withBorder p="md">
              <Stack gap="xs">
                <Text fw={600}>{t('forms.publish')}</Text>
                <Text size="sm">{t('forms.hostedUrl')}</Text>
                <Group gap="xs" wrap="nowrap">
                  <Anchor
                    href={form.path}
                    target="_blank"
                    rel="noreferrer"
                    size="sm"
                    style={{ wordBreak: 'break-all' }}
                    data-testid="hosted-url"
                  >
                    {hostedUrl(form.slug)}
                  </Anchor>
                  <Copy value={hostedUrl(form.slug)} label={t('forms.copyUrl')} />
                </Group>
                <Text size="sm">{t('forms.embed')}</Text>
                <Group gap="xs" wrap="nowrap" align="flex-start">
                  <Code
                    block
                    style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
                  >
                    {embedSnippet(form)}
                  </Code>
                  <Copy value={embedSnippet(form)} label={t('forms.copyEmbed')} />
                </Group>
              </Stack>
            </Paper>
          )}
          <Paper withBorder p="md" aria-label={t('forms.preview')} role="region">
            <Text size="xs" c="dimmed" tt="uppercase" fw={700} mb="xs">
              {t('forms.preview')}
            </Text>
            <FormPreview draft={preview} />
          </Paper>
        </Stack>
      </Grid.Col>
    </Grid>
  );
}
