import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { SignInDocument, SignUpDocument } from '../api/operations';
import { useAuth } from '../auth/AuthContext';
import { ErrorMessage } from '../components/ErrorMessage';

export function SignInPage({ mode }: { mode: 'signin' | 'signup' }) {
  const { signedIn } = useAuth();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  const [signIn, signInState] = useMutation(SignInDocument);
  const [signUp, signUpState] = useMutation(SignUpDocument);
  const [form, setForm] = useState({ name: '', email: '', password: '' });
  const state = mode === 'signin' ? signInState : signUpState;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const payload =
        mode === 'signin'
          ? (await signIn({ variables: { email: form.email, password: form.password } })).data?.signIn
          : (await signUp({ variables: { input: form } })).data?.signUp;
      if (!payload) return;
      signedIn(payload);
      navigate(from, { replace: true });
    } catch {
      // Shown from the mutation's error state.
    }
  };
  const field = (name: keyof typeof form) => ({
    id: name,
    name,
    value: form[name],
    onChange: (e: { target: { value: string } }) => setForm((f) => ({ ...f, [name]: e.target.value })),
  });

  return (
    <section className="narrow">
      <h1>{mode === 'signin' ? 'Sign in' : 'Create an account'}</h1>
      <form onSubmit={submit} className="card form" aria-describedby={state.error ? 'auth-error' : undefined}>
        {mode === 'signup' && (
          <div className="field">
            <label htmlFor="name">Name</label>
            <input {...field('name')} autoComplete="name" required maxLength={100} />
          </div>
        )}
        <div className="field">
          <label htmlFor="email">Email</label>
          <input {...field('email')} type="email" autoComplete="email" required />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            {...field('password')}
            type="password"
            autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
            required
            minLength={mode === 'signup' ? 8 : undefined}
            aria-describedby={mode === 'signup' ? 'password-hint' : undefined}
          />
          {mode === 'signup' && (
            <p className="hint" id="password-hint">
              At least 8 characters.
            </p>
          )}
        </div>
        <div id="auth-error">
          <ErrorMessage error={state.error} />
        </div>
        <button type="submit" className="button primary" disabled={state.loading}>
          {state.loading ? 'Please wait…' : mode === 'signin' ? 'Sign in' : 'Create account'}
        </button>
        <p className="muted">
          {mode === 'signin' ? (
            <>
              New here? <Link to="/signup" state={{ from }}>Create an account</Link>
            </>
          ) : (
            <>
              Have an account? <Link to="/signin" state={{ from }}>Sign in</Link>
            </>
          )}
        </p>
      </form>
    </section>
  );
}
