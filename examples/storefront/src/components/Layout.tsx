import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { useCart } from '../cart/CartContext';

export function Layout() {
  const { customer, signOut } = useAuth();
  const { count } = useCart();
  const navigate = useNavigate();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);

  // After a client-side navigation, move focus to the new page (as a full page load would).
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          OrderGraph <span>Store</span>
        </Link>
        <nav aria-label="Main">
          <ul>
            <li>
              <NavLink to="/" end>
                Shop
              </NavLink>
            </li>
            <li>
              <NavLink to="/cart">
                Cart <span className="count" aria-label={`${count} ${count === 1 ? 'item' : 'items'}`}>{count}</span>
              </NavLink>
            </li>
            {customer && (
              <li>
                <NavLink to="/orders">Orders</NavLink>
              </li>
            )}
            {customer?.role === 'ADMIN' && (
              <li>
                <NavLink to="/admin">Admin</NavLink>
              </li>
            )}
          </ul>
        </nav>
        <div className="account">
          {customer ? (
            <>
              <span className="who">{customer.name}</span>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  void signOut().then(() => navigate('/'));
                }}
              >
                Sign out
              </button>
            </>
          ) : (
            <>
              <NavLink to="/signin">Sign in</NavLink>
              <NavLink to="/signup" className="button small">
                Create account
              </NavLink>
            </>
          )}
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Outlet />
      </main>
      <footer className="site-footer">
        <p>
          Reference storefront for the OrderGraph gateway. Test cards: <code>tok_visa</code> is charged, <code>tok_decline</code> is declined.
        </p>
      </footer>
    </>
  );
}
