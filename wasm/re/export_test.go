package re

// SetDFABudget sets the DFA's cache budget for a test; restore undoes it.
func SetDFABudget(entries int) (restore func()) {
	old := dfaBudget
	dfaBudget = entries
	return func() { dfaBudget = old }
}
