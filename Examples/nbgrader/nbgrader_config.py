# nbgrader's configuration for a course whose notebooks run on the nnbook kernel.
# The teacher's round (Examples/nbgrader/run_round.py) runs nbgrader with this folder as its course folder.
c = get_config()  # noqa: F821 (nbgrader provides get_config)

c.CourseDirectory.course_id = "nnbook-example"

# nnbook's comment mark is '#', as Python's: the delimiters are whole comment lines.
c.ClearSolutions.begin_solution_delimeter = "### BEGIN SOLUTION"
c.ClearSolutions.end_solution_delimeter = "### END SOLUTION"
c.ClearHiddenTests.begin_test_delimeter = "### BEGIN HIDDEN TESTS"
c.ClearHiddenTests.end_test_delimeter = "### END HIDDEN TESTS"

# What a solution region becomes in the students' copy. nbgrader picks the stub by the
# notebook's kernelspec language, which is "nnbook" (nnbook kernel install writes it).
c.ClearSolutions.code_stub = {"nnbook": "# YOUR CODE HERE"}

# The notebooks say which kernel runs them (metadata.kernelspec.name = "nnbook"); give each
# cell at most 30 s when autograding.
c.ExecutePreprocessor.timeout = 30
