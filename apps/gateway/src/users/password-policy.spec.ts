import { passwordWeakness } from './password-policy';

describe('passwordWeakness', () => {
  it('accepts a long, uncommon password without the username', () => {
    expect(passwordWeakness('demo-pass-2026', 'officer')).toBeNull();
    expect(passwordWeakness('assessor-1', 'assessor1')).toBeNull();
  });

  it('refuses fewer than 10 characters, counting characters, not bytes', () => {
    expect(passwordWeakness('demo12345', 'officer')).toMatch(/太短/);
    expect(passwordWeakness('绿园区组织部考核一二', 'officer')).toBeNull();
    expect(passwordWeakness('绿园区组织部考核一', 'officer')).toMatch(/太短/);
  });

  it('refuses a common password whatever its case, and one that is common once trailing digits go', () => {
    expect(passwordWeakness('qwertyuiop')).toMatch(/常见/);
    expect(passwordWeakness('QwertyUIOP')).toMatch(/常见/);
    expect(passwordWeakness('password123')).toMatch(/常见/);
    // `admin12345` is not on the list itself, but `admin` is.
    expect(passwordWeakness('admin12345')).toMatch(/常见/);
    expect(passwordWeakness('1234567890')).toMatch(/常见/);
  });

  it('refuses a password containing the username, whatever the case', () => {
    expect(passwordWeakness('zhangwei-2026!', 'ZhangWei')).toBe('密码不能包含用户名');
    expect(passwordWeakness('my-ZHANGWEI-pass', 'zhangwei')).toBe('密码不能包含用户名');
  });

  it('does not look for a username of one or two letters', () => {
    expect(passwordWeakness('river-stone-42', 'ri')).toBeNull();
  });
});
