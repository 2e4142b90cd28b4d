export * from './common';
export * from './users';
export * from './settings';
export * from './pipeline';
export * from './companies';
export * from './contacts';
export * from './opportunities';
export * from './leads';
