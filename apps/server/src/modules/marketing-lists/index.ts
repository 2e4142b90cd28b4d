export { addLeadsToList, listActive } from './membership';
