import { Route, Routes } from 'react-router';
import { RequireAuth } from './auth/RequireAuth';
import { Layout } from './components/Layout';
import { AdminPage } from './pages/AdminPage';
import { CartPage } from './pages/CartPage';
import { OrderPage } from './pages/OrderPage';
import { OrdersPage } from './pages/OrdersPage';
import { ProductsPage } from './pages/ProductsPage';
import { SignInPage } from './pages/SignInPage';

export function App() {
  return (
    <Routes>
      <Route element={<Layout />}>
        <Route index element={<ProductsPage />} />
        <Route path="cart" element={<CartPage />} />
        <Route path="signin" element={<SignInPage mode="signin" />} />
        <Route path="signup" element={<SignInPage mode="signup" />} />
        <Route path="orders" element={<RequireAuth><OrdersPage /></RequireAuth>} />
        <Route path="orders/:id" element={<RequireAuth><OrderPage /></RequireAuth>} />
        <Route path="admin" element={<RequireAuth role="ADMIN"><AdminPage /></RequireAuth>} />
        <Route path="*" element={<p role="alert">There is no page here.</p>} />
      </Route>
    </Routes>
  );
}
