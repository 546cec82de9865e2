/** The validated configuration of this process (a subclass of PlatformConfig). */
export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
/** The service's name: gateway, roster, … */
export const SERVICE_NAME = Symbol('SERVICE_NAME');
