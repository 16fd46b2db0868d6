// Package roots solves systems of nonlinear equations f(y) = 0, n
// equations in n unknowns, for Stan's algebraic solvers (Stan Functions
// Reference, "Algebraic equation solvers"):
//
//   - Newton: Newton's method with a backtracking line search on ½‖f‖²
//     (Stan's algebra_solver_newton and solve_newton, which call KINSOL's
//     line-search Newton);
//   - Powell: Powell's hybrid "dog leg" trust-region method (Stan's
//     algebra_solver and solve_powell, which call Eigen's port of
//     MINPACK's hybrj).
//
// Why a solver of our own: gonum has none (its optimize package minimizes
// scalar functions; minimizing ½‖f‖² with it loses Newton's quadratic
// convergence, the exact Jacobian the compiler provides, and Stan's
// stopping rules), and the two methods take about a hundred lines each.
// Both take the exact Jacobian from the caller (the compiler's symbolic
// AD of the user's f) and end with a few plain Newton steps that polish
// the root to rounding: the gradient of the solution by the implicit
// function theorem holds at the exact root, and a root accurate only to
// the function tolerance would make the log density a step function of
// the parameters at that scale.
package roots
