// Package ode solves initial value problems y' = f(t, y), y(t0) = y0, at
// a list of output times, together with the forward sensitivities
// S = ∂y/∂p of the solution to P parameters p (S' = J S + ∂f/∂p, where
// J = ∂f/∂y), which the compiler turns into the adjoint of an ODE call.
//
// Two methods, each with error control on the state and the
// sensitivities together (as Stan's solvers control the coupled system):
//
//   - DormandPrince: the explicit Runge–Kutta 5(4) pair of Dormand and
//     Prince (Hairer, Nørsett, Wanner, Solving ODEs I, Table II.5.2), with
//     its FSAL stage; for non-stiff problems. Stan's ode_rk45, and here
//     also ode_adams and ode_ckrk (their own methods are not implemented;
//     the results meet the same tolerances).
//   - SDIRK: the five-stage L-stable singly diagonally implicit method of
//     order 4 with an embedded order-3 solution (Hairer, Wanner, Solving
//     ODEs II, Table IV.6.5), with simplified Newton iterations on
//     I − hγJ; for stiff problems, Stan's ode_bdf. Its sensitivities are
//     solved stage by stage after the state (the staggered direct method:
//     each stage's sensitivity equation is linear, solved exactly with the
//     Jacobian at the stage's state).
//
// Both step to each output time exactly (no interpolation). The problem's
// functions are called from one goroutine; a Problem is not shared.
package ode
