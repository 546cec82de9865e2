import { dictionary } from '@zxcvbn-ts/language-common';
import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

export const PASSWORD_MIN_LENGTH = 10;

/**
 * Usernames shorter than this are not looked for inside a password: a one- or two-letter name is a
 * substring of countless strong passwords, and refusing them would protect nothing.
 */
const USERNAME_MIN_MATCH = 3;

/**
 * The zxcvbn-ts list of ≈ 49,000 passwords seen most in breaches (lower-case already; lower-cased
 * again in case a later release is not). Loaded once, on first use, as a Set: a lookup is O(1).
 */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(dictionary['passwords-common'].map((w) => w.toLowerCase()));
  return common;
}

/**
 * Why a password is refused, in Chinese for the answer's `errors[].message`, or null when it is
 * acceptable: at least 10 characters, not one of the common passwords (also once trailing digits
 * are stripped: `qwerty2024` is `qwerty` to a guesser), not containing the username.
 */
export function passwordWeakness(password: string, username?: string | null): string | null {
  if ([...password].length < PASSWORD_MIN_LENGTH) return `密码太短：至少需要 ${PASSWORD_MIN_LENGTH} 个字符`;
  const lower = password.toLowerCase();
  const list = commonPasswords();
  const stem = lower.replace(/\d+$/, '');
  if (list.has(lower) || (stem.length > 0 && list.has(stem))) return '密码过于常见：它在常用密码列表中，很容易被猜中';
  if (username && username.length >= USERNAME_MIN_MATCH && lower.includes(username.toLowerCase()))
    return '密码不能包含用户名';
  return null;
}

/**
 * The password policy as a class-validator constraint. `usernameProperty` names the sibling field
 * holding the username when the body has one (POST /users, a tenant's first officer); where it has
 * none (resets), the service checks the username itself with passwordWeakness.
 */
export function IsAcceptablePassword(usernameProperty?: string, options?: ValidationOptions): PropertyDecorator {
  return (object: object, propertyName: string | symbol) => {
    const usernameOf = (args: ValidationArguments): string | null => {
      const value = usernameProperty ? (args.object as Record<string, unknown>)[usernameProperty] : undefined;
      return typeof value === 'string' ? value : null;
    };
    registerDecorator({
      name: 'acceptablePassword',
      target: object.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown, args: ValidationArguments) =>
          typeof value === 'string' && passwordWeakness(value, usernameOf(args)) === null,
        defaultMessage: (args: ValidationArguments) =>
          (typeof args.value === 'string' ? passwordWeakness(args.value, usernameOf(args)) : null) ?? '必须是字符串',
      },
    });
  };
}
