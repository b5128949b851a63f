package re

// SetDFABudget sets the DFA's cache budget for a test; restore undoes it.
func SetDFABudget(entries int) (restore func()) {
	old := dfaBudget
	dfaBudget = entries
	return func() { dfaBudget = old }
}

// VMOnly makes Find use the VM only, the reference backtrack is tested against.
func (m *Machine) VMOnly() { m.noBack = true }
