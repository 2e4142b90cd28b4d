export { createAuthRepository } from './auth.repository';
export { createSignInThrottle, passwordCheckRule, type SignInThrottle } from './sign-in-throttle';
