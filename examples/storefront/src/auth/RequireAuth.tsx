import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useAuth } from './AuthContext';

/** Pages that need a signed-in customer (or an ADMIN) send others to the sign-in page and back. */
export function RequireAuth({ role, children }: { role?: 'ADMIN'; children: ReactNode }) {
  const { customer } = useAuth();
  const location = useLocation();
  if (!customer) return <Navigate to="/signin" replace state={{ from: location.pathname }} />;
  if (role && customer.role !== role) {
    return (
      <p className="error" role="alert">
        This page is for administrators. Sign in with an admin account.
      </p>
    );
  }
  return <>{children}</>;
}
