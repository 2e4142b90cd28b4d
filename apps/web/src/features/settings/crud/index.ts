export { CrudForm, RecordDialog } from './CrudDialog';
export { SettingsCrudPage, type CrudColumn, type CrudRowAction } from './SettingsCrudPage';
export {
  useCrudSave,
  useSettingsCrud,
  type CrudRecord,
  type Editing,
  type SettingsCrud,
} from './useSettingsCrud';
