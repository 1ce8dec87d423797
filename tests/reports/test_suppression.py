from reports.suppression import Figure, count, over, partition


def shown(figures):
    return {
        name: (None if figure.suppressed else figure.value) for name, figure in figures.items()
    }


def test_counts_below_five_are_withheld_but_zero_is_shown():
    assert count(4, k=5).suppressed
    assert count(5, k=5) == Figure(5)
    assert count(0, k=5) == Figure(0)


def test_a_mean_over_fewer_than_five_people_is_withheld():
    assert over(72.5, 4, k=5).suppressed
    assert over(72.5, 5, k=5) == Figure(72.5)


def test_one_small_part_hides_a_second_part_so_it_cannot_be_subtracted():
    # left 3 would be 18 - 10 - 5 if the others stayed visible
    parts, total = partition({"active": 10, "left": 3, "finished": 5}, 18, k=5)
    assert shown(parts) == {"active": 10, "left": None, "finished": None}
    assert total == Figure(18)


def test_two_small_parts_protect_each_other():
    parts, total = partition({"a": 2, "b": 3, "c": 13}, 18, k=5)
    assert shown(parts) == {"a": None, "b": None, "c": 13}
    assert not total.suppressed


def test_when_only_zeros_are_left_the_total_is_hidden():
    parts, total = partition({"a": 3, "b": 0, "c": 0}, 3, k=5)
    assert total.suppressed and parts["a"].suppressed


def test_a_single_small_part_next_to_a_zero_and_a_large_part():
    parts, total = partition({"a": 4, "b": 0, "c": 14}, 18, k=5)
    assert shown(parts) == {"a": None, "b": 0, "c": None}
    assert total == Figure(18)


def test_nothing_is_hidden_when_all_parts_are_large_enough():
    parts, total = partition({"a": 6, "b": 12}, 18, k=5)
    assert shown(parts) == {"a": 6, "b": 12} and total == Figure(18)
