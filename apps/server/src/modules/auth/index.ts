export { createSignInThrottle, passwordCheckRule, type SignInThrottle } from './sign-in-throttle';
