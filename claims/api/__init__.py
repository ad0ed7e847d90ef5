"""The claims app's API: read viewsets, and one APIView per write action."""
