import { z } from 'zod';
import { Color, DateOnly, ListQuery, QueryBool, Timestamp, requiredText, text } from './common';

/** The simple lists of values: one shape, one set of rules. */
export const listKinds = [
  'lead-sources',
  'industries',
  'functions',
  'departments',
  'categories',
  'agencies',
  'group-companies',
  'lost-reasons',
] as const;
export type ListKind = (typeof listKinds)[number];

const Position = z.number().int().min(0).max(1_000_000);
const record = { id: z.uuid(), version: z.number().int(), createdAt: Timestamp, updatedAt: Timestamp };

export const ListValue = z.object({
  ...record,
  name: z.string(),
  code: z.string().nullable(),
  position: z.number().int(),
  active: z.boolean(),
});
export type ListValue = z.infer<typeof ListValue>;
const listValueFields = {
  name: requiredText(200),
  code: text(100).nullable(),
  position: Position,
  active: z.boolean(),
};
export const ListValueCreate = z.object(listValueFields).partial().required({ name: true });
export const ListValuePatch = z.object(listValueFields).partial();
/** Filters of every configuration list: part of the name, and active or retired values. */
export const ConfigListQuery = ListQuery.extend({ q: text(200).optional(), active: QueryBool.optional() });
export type ConfigListQuery = z.infer<typeof ConfigListQuery>;

export const Tag = z.object({ ...record, name: z.string(), color: z.string(), active: z.boolean() });
const tagFields = { name: requiredText(100), color: Color, active: z.boolean() };
export const TagCreate = z.object(tagFields).partial().required({ name: true });
export const TagPatch = z.object(tagFields).partial();

export const City = z.object({
  ...record,
  name: z.string(),
  region: z.string().nullable(),
  country: z.string().nullable(),
  postalCode: z.string().nullable(),
  active: z.boolean(),
});
const cityFields = {
  name: requiredText(200),
  region: text(200).nullable(),
  country: text(200).nullable(),
  postalCode: text(40).nullable(),
  active: z.boolean(),
};
export const CityCreate = z.object(cityFields).partial().required({ name: true });
export const CityPatch = z.object(cityFields).partial();
export const CityListQuery = ConfigListQuery.extend({ country: text(200).optional() });
export const CityImportResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), errors: z.array(z.string()) })),
});
export type CityImportResult = z.infer<typeof CityImportResult>;
/** What an import of a list's values did: values created, updated (same name), rows refused by line. */
export const ListImportResult = CityImportResult;
export type ListImportResult = CityImportResult;

export const MarketingCampaign = z.object({
  ...record,
  name: z.string(),
  description: z.string().nullable(),
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  active: z.boolean(),
});
const campaignFields = {
  name: requiredText(200),
  description: text(5000).nullable(),
  startDate: DateOnly.nullable(),
  endDate: DateOnly.nullable(),
  active: z.boolean(),
};
export const MarketingCampaignCreate = z.object(campaignFields).partial().required({ name: true });
export const MarketingCampaignPatch = z.object(campaignFields).partial();

// The same four values as a lead's priority and importance (leads.ts), whose defaults a type gives.
const TypeLevel = z.enum(['low', 'normal', 'high', 'urgent']);
export const activityTypes = ['task', 'meeting', 'call', 'event', 'email', 'sms'] as const;
export const ActivityType = z.enum(activityTypes);

export const LeadType = z.object({
  ...record,
  name: z.string(),
  priority: TypeLevel,
  importance: TypeLevel,
  estimatedCompletionDays: z.number().int().nullable(),
  allowedActivityTypes: z.array(ActivityType),
  allowedUnitIds: z.array(z.uuid()),
  position: z.number().int(),
  active: z.boolean(),
});
export type LeadType = z.infer<typeof LeadType>;
const leadTypeFields = {
  name: requiredText(200),
  priority: TypeLevel,
  importance: TypeLevel,
  estimatedCompletionDays: z.number().int().min(0).max(3650).nullable(),
  allowedActivityTypes: z.array(ActivityType).max(6),
  /** Units that may work leads of this type; empty means every unit. */
  allowedUnitIds: z.array(z.uuid()).max(200),
  position: Position,
  active: z.boolean(),
};
export const LeadTypeCreate = z.object(leadTypeFields).partial().required({ name: true });
export const LeadTypePatch = z.object(leadTypeFields).partial();
