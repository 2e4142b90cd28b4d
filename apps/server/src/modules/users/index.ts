export { assertAssignableOwner, assignableOwnerError } from './assignable-owner';
