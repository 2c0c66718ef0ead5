"""Entry point for `streamlit run streamlit_app.py`: the mapapp dashboard on the configured story."""
from mapapp.ui.app import main

main()
