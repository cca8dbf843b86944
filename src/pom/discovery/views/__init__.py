"""Discovery pages, one module per noun: overview, touchpoints, insights, the opportunity solution
tree (opportunities and solutions), the stakeholder inbox, decisions and import.
"""
