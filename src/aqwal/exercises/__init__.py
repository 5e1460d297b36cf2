"""The graded notebooks: student copies, running notebooks, grading."""
