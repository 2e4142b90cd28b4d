export { readSettings, settingsOf } from './settings.service';
