import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { ErrorBox } from '../common/ui';
import { useI18n } from '../i18n/i18n';
import { useSession } from './session';

export function LoginPage() {
  const { login } = useSession();
  const { t, lang, setLang } = useI18n();
  const [tenant, setTenant] = useState('lvyuan');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(ev: FormEvent) {
    ev.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(tenant.trim(), username.trim(), password);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="login">
      <form className="card login-card" onSubmit={submit}>
        <div className="login-head">
          <h1>{t('app.title')}</h1>
          <button type="button" className="link" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}>
            {t('lang.switch')}
          </button>
        </div>
        <p className="muted">{t('app.subtitle')}</p>
        <label className="form-field wide">
          <span>{t('login.tenant')}</span>
          <input
            name="tenant"
            value={tenant}
            onChange={(ev) => setTenant(ev.target.value)}
            autoComplete="organization"
            required
          />
        </label>
        <label className="form-field wide">
          <span>{t('login.username')}</span>
          <input
            name="username"
            value={username}
            onChange={(ev) => setUsername(ev.target.value)}
            autoComplete="username"
            required
          />
        </label>
        <label className="form-field wide">
          <span>{t('login.password')}</span>
          <input
            name="password"
            type="password"
            value={password}
            onChange={(ev) => setPassword(ev.target.value)}
            autoComplete="current-password"
            required
          />
        </label>
        <ErrorBox error={error} />
        <button className="primary" type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
        <p className="muted small">{t('login.voterHint')}</p>
      </form>
    </div>
  );
}
