import { useState } from 'react';
import { NavLink, Outlet } from 'react-router';
import { useSession } from '../auth/session';
import { useI18n } from '../i18n/i18n';
import { navFor } from './nav';

export function Shell() {
  const { session, logout } = useSession();
  const { t, e, lang, setLang } = useI18n();
  const [open, setOpen] = useState(false);
  if (!session) return null;
  return (
    <div className="shell">
      <header className="topbar">
        <button className="menu-toggle" aria-label="menu" onClick={() => setOpen(!open)}>
          ☰
        </button>
        <div className="brand">
          <strong>{t('app.title')}</strong>
          <span className="subtitle">{t('app.subtitle')}</span>
        </div>
        <div className="who">
          <span data-testid="who">
            {session.username} · {session.roles.map(e).join('、')}
          </span>
          <button className="link" onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')} data-testid="lang">
            {t('lang.switch')}
          </button>
          <button className="link" onClick={logout}>
            {t('nav.logout')}
          </button>
        </div>
      </header>
      <nav className={`sidebar ${open ? 'open' : ''}`} onClick={() => setOpen(false)}>
        {navFor(session.roles).map((item) => (
          <NavLink key={item.to} to={item.to} end={item.to === '/'}>
            {t(item.label)}
          </NavLink>
        ))}
      </nav>
      <main className="content">
        <Outlet />
      </main>
    </div>
  );
}
