"""A container's ``Reason:`` / ``Message:`` lines copied without the ``State: Waiting`` line
above them are still that container's current waiting state (only a State block prints a
waiting reason indented like this)."""

from parsers_helpers import facts_of

CUT = (
    "      Reason:       CreateContainerConfigError\n"
    '      Message:      configmap "route-features" not found\n'
)


def test_a_cut_waiting_reason_opens_the_current_waiting_state():
    facts = facts_of(CUT)
    (container,) = facts.containers.values()
    (state,) = container.states
    assert (state.phase, state.state, state.reason) == ("current", "waiting", "CreateContainerConfigError")
    assert state.message == 'configmap "route-features" not found'


def test_an_indented_reason_that_no_container_waits_for_is_no_state():
    facts = facts_of("      Reason:       Unschedulable\n      Message:      0/3 nodes are available\n")
    assert not any(container.states for container in facts.containers.values())


def test_a_state_line_above_still_reads_as_before():
    facts = facts_of("    State:          Waiting\n" + CUT)
    (container,) = facts.containers.values()
    assert [(s.state, s.reason) for s in container.states] == [("waiting", "CreateContainerConfigError")]
